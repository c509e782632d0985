import { strict as assert } from 'node:assert';
import { errorAnswer } from '../../../bot/answers.js';
import { TEXT_COMMAND_SPECS } from '../../../bot/command-catalog.js';
import { CommandRouter } from '../../../bot/command-router.js';
import { helpCommands } from '../../../bot/features/help-commands.js';
import { refusal } from '../../../bot/refusal.js';
import type { Answer } from '../../../bot/registry/answer.js';
import { Registry } from '../../../bot/registry/registry.js';
import { textCommand } from '../../../bot/registry/text-command.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { createLogger } from '../../../src/logger.js';
import { ALERT_NOT_FOUND, TriageError } from '../../../src/triage/triage-error.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { englishLeft, shownTexts } from '../../support/localized-texts.js';

const messages = new Messages();
const reader = (locale: string) => messages.translator({ locale });
const log = createLogger('silent');
const actor = { id: 'a0000000-0000-4000-8000-000000000001', name: 'Sam Analyst', teamsUserId: '29:sam' };

/** Every built-in command, as the app registers them (help lists the registry's commands). */
function router(): CommandRouter {
  const registry = new Registry();
  const never = async (): Promise<Answer> => assert.fail('not run');
  registry.add({ textCommands: TEXT_COMMAND_SPECS.filter((s) => s.name !== 'help').map((s) => textCommand(s, never)) });
  registry.add({ textCommands: helpCommands(registry, {} as never).textCommands!.filter((c) => c.name === 'help') });
  return new CommandRouter(registry);
}

const ask = (text: string, i18n: Translator) => router().answer({ actor, text, i18n, conversationType: 'personal' });
const cardOf = (answer: Answer) =>
  'card' in answer ? answer.card : assert.fail(`not a card: ${JSON.stringify(answer)}`);
const noticeOf = (answer: Answer) => ('notice' in answer ? answer.notice : assert.fail('not a notice'));

/** Command syntax the reader types as it is (the bot reads English command words), the same in every language. */
const COMMAND_SYNTAX = ['help', 'whoami', 'route list', 'my alerts'];
/** Words a language writes as English does (French "conditions"). */
const SAME_WORD: Record<string, string[]> = { 'fr-FR': ['route add \\<conditions\\>'] };

describe('answers in the reader’s language', () => {
  for (const locale of ['de-DE', 'ja-JP', 'fr-FR', 'es-ES']) {
    it(`help in ${locale}: a valid card with no English label left but command words`, async () => {
      const english = cardOf(await ask('help', reader('en-US')));
      const card = cardOf(await ask('help', reader(locale)));
      assert.deepEqual(validateAdaptiveCard(card), []);
      assert.deepEqual(englishLeft(english, card, [...COMMAND_SYNTAX, ...(SAME_WORD[locale] ?? [])]), []);
      assert.equal(shownTexts(card).length, shownTexts(english).length, 'every command is listed');
    });
  }

  it('an unknown command in Japanese gets the Japanese help card, quoting what was typed', async () => {
    const card = cardOf(await ask('frobnicate now', reader('ja-JP')));
    assert.equal(shownTexts(card)[1], '「frobnicate now」を理解できませんでした。できることは次のとおりです:');
    assert.deepEqual(englishLeft(cardOf(await ask('frobnicate now', reader('en'))), card, COMMAND_SYNTAX), []);
  });

  it('a usage hint in German names the command and says what it does in German', async () => {
    const answer = await ask('route remove last', reader('de-DE'));
    assert.deepEqual(answer, {
      text: 'Verwendung: **route remove \\<Nr.\\>** – Regel mit dieser Nummer aus route list löschen.',
    });
  });

  describe('errors (bot/answers.ts, the one place that words them)', () => {
    const say = (error: unknown, locale: string) =>
      noticeOf(errorAnswer(error, log, { activityId: 'act-1' }, reader(locale)));

    it('a domain error without a key is found by its English sentence and shown in German and Japanese', () => {
      const error = new TriageError('not-found', ALERT_NOT_FOUND);
      assert.equal(say(error, 'en-US'), ALERT_NOT_FOUND);
      assert.equal(say(error, 'de-DE'), 'Diese Warnung existiert nicht (mehr), oder Sie können sie nicht sehen.');
      assert.equal(
        say(error, 'ja-JP'),
        'このアラートは存在しない (または存在しなくなった) か、あなたには表示できません。',
      );
    });

    it('a refusal with data (roles, units, what it was for) is worded with the reader’s lists and verbs', () => {
      const error = new TriageError('forbidden', 'You need the analyst role (or responder, admin) …', {
        key: 'errors.needRoleInUnits',
        data: {
          permission: 'alert.classify',
          role: 'analyst',
          others: ['responder', 'admin'],
          more: 2,
          units: ['EMEA', 'APAC'],
        },
      });
      assert.equal(
        say(error, 'de-DE'),
        'Sie benötigen die Rolle analyst (oder responder oder admin) für Warnungen der Verwaltungseinheit EMEA oder APAC, um diese Warnung zu klassifizieren.',
      );
      assert.equal(
        say(error, 'ja-JP'),
        'このアラートを分類するには、管理単位 EMEAまたはAPAC のアラートに対する analyst ロール (または responderまたはadmin)が必要です。',
      );
    });

    it('the glue’s own refusals carry their key: English for the log and audit, the reader’s language on screen', () => {
      const error = refusal('invalid', 'errors.channelOnly', { command: 'route add' });
      assert.equal(
        error.userMessage,
        '"route add" works in a team channel: mention me there, e.g. "@DLP Triage route add".',
      );
      assert.equal(
        say(error, 'fr-CA'),
        '« route add » fonctionne dans un canal d’équipe : mentionnez-moi là-bas, p. ex. « @DLP Triage route add ».',
      );
    });

    it('an error the catalogue does not know keeps its English detail after a translated lead', () => {
      const error = new TriageError('invalid', 'There is no rule 7; route list shows rules 1 to 3.');
      assert.equal(say(error, 'en'), 'There is no rule 7; route list shows rules 1 to 3.');
      assert.equal(
        say(error, 'es-ES'),
        'No funcionó (detalles en inglés): There is no rule 7; route list shows rules 1 to 3.',
      );
    });

    it('an unexpected failure is a short apology with the reference, in Japanese, and reveals nothing', () => {
      const text = say(new Error('ECONNRESET at graph.microsoft.com: secret-token'), 'ja-JP');
      assert.equal(
        text,
        'こちら側で問題が発生しました。1 分後にもう一度お試しください。問題が続く場合は、この参照番号を管理者に伝えてください: act-1。',
      );
    });
  });
});
