import type { MessageKey } from '../../src/i18n/catalogue.js';
import { Messages, type MessageValues } from '../../src/i18n/messages.js';
import { Translator } from '../../src/i18n/translator.js';

/**
 * A pseudo-locale: every English message 40 % longer, as German or French often are, with accented
 * letters and long words (a German compound does not break where a space would), so layout is tested
 * against text that grows, not against English.
 */
export class PaddedTranslator extends Translator {
  constructor(timeZone = 'UTC') {
    super(new Messages(), 'en', 'en-US', timeZone);
  }

  override t(key: MessageKey, values?: MessageValues): string {
    const text = super.t(key, values);
    const extra = Math.ceil(text.length * 0.4);
    const padding = 'Ŵöřđŝťàçķéñůñĝ'.repeat(Math.ceil(extra / 14)).slice(0, extra);
    return `${text} ${padding}`;
  }
}
