import type { Translator } from '../src/i18n/translator.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md } from './card-text.js';

/**
 * The help card in the reader's language: every text command with one line each (already translated
 * by the caller), and an optional lead line (e.g. "I did not understand …", which quotes what the user
 * typed). Every text is escaped: usages hold `<placeholders>`.
 */
export function renderHelpCard(
  commands: ReadonlyArray<{ usage: string; description: string }>,
  i18n: Translator,
  lead?: string,
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    fallbackText: i18n.t('help.title'),
    body: [
      ...(lead ? [{ type: 'TextBlock', text: md(lead), wrap: true, color: 'accent' }] : []),
      { type: 'TextBlock', text: md(i18n.t('help.title')), weight: 'bolder', size: 'medium', wrap: true },
      {
        type: 'TextBlock',
        text: md(i18n.t('help.mentionFirst')),
        isSubtle: true,
        wrap: true,
        spacing: 'none',
      },
      ...commands.flatMap((c) => [
        {
          type: 'TextBlock',
          text: md(c.usage),
          fontType: 'monospace',
          weight: 'bolder',
          wrap: true,
          spacing: 'medium',
        },
        { type: 'TextBlock', text: md(c.description), wrap: true, spacing: 'none' },
      ]),
    ],
  };
}
