import { strict as assert } from 'node:assert';
import { installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector, type RecordedCall } from '../support/fake-teams-connector.js';
import { AS } from '../support/personas.js';
import { textsOf } from '../support/card-tree.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

type Json = any;

/** A markdown link, image or HTML-like tag that a Teams renderer would act on (not backslash-escaped). */
const LIVE_MARKUP = /(^|[^\\])\[[^\]]*[^\\]?\]\(|(^|[^\\])<[a-z/]/i;

/*
 * Black box: what the bot says back to text people typed. Teams renders replies and card text as
 * markdown (and drops `<word>` as an HTML tag), so whatever a user typed must come back inert, and the
 * help must show its `<placeholders>`.
 */
describe('black box: help, usage hints and echoed text (real server over HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;

  /** Sends a mention and returns the bot's reply (text or card). */
  async function ask(text: string): Promise<{ text?: string; card?: Json }> {
    const activity = mentionMessage({ serviceUrl, from: AS.avery }, text);
    assert.equal((await bot.send(activity)).status, 200);
    const replyTo = (p: RecordedCall) => p.replyToId === activity.id || p.body?.replyToId === activity.id;
    await connector.waitFor((c) => c.posted.some(replyTo));
    const reply = connector.posted.find(replyTo)!;
    return { text: reply.body.text, card: reply.body.attachments?.[0]?.content };
  }

  before(async () => {
    ({
      connector,
      serviceUrl,
      dataDir: dir,
      bot,
    } = await startBlackBox('dlp-help-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0' } }));
  });

  after(() => stopBlackBox({ bot, connector, dataDir: dir }));

  it('help shows every <placeholder>, escaped so the renderer keeps it', async () => {
    const { card } = await ask('help');
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card);
    for (const usage of [
      'alert \\<id\\>',
      'audit \\<alertId\\>',
      'route add \\<conditions\\>',
      'route remove \\<n\\>',
    ]) {
      assert.ok(texts.includes(usage), `help lists ${usage}: ${JSON.stringify(texts)}`);
    }
    assert.ok(
      texts.some((t) => t.includes('au=\\<unit\\>')),
      'triage here au=<unit>',
    );
    for (const t of texts) assert.doesNotMatch(t, LIVE_MARKUP, t);
  });

  it('an unknown command is echoed inert: a link in it is no link', async () => {
    const { card } = await ask('[Session expired: sign in again](https://evil.example/login) **now** <at>Avery</at>');
    const lead = textsOf(card)[0]!;
    assert.match(lead, /^I did not understand/);
    assert.ok(lead.includes('\\[Session expired: sign in again\\](https://evil.example/login)'), lead);
    assert.ok(lead.includes('\\*\\*now\\*\\*') && lead.includes('\\<at\\>'), lead);
    assert.doesNotMatch(lead, LIVE_MARKUP);
  });

  for (const [typed, usage] of [
    ['audit', 'audit \\<alertId\\>'],
    ['alert', 'alert \\<id\\>'],
    ['route add', 'route add \\<conditions\\>'],
    ['route remove last', 'route remove \\<n\\>'],
  ] as const) {
    it(`"${typed}" without its argument gets a one-line hint, not the whole help`, async () => {
      const reply = await ask(typed);
      assert.equal(reply.card, undefined, 'no help card');
      assert.ok(reply.text?.startsWith(`Usage: **${usage}**`), reply.text);
      assert.equal(reply.text!.split('\n').length, 1);
    });
  }

  it('what a user typed into a rule comes back escaped', async () => {
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    const reply = await ask('route add policy="[x](https://evil.example)"');
    assert.match(reply.text ?? '', /^Added rule 1: alerts matching/);
    assert.ok(reply.text!.includes('\\[x\\](https://evil.example)'), reply.text);
    assert.doesNotMatch(reply.text!, LIVE_MARKUP);
  });
});
