import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import type { BotProcess } from '../support/bot-process.js';
import { factsOf } from '../support/card-facts.js';
import { textsOf, verbsIn } from '../support/card-tree.js';
import type { FakeTeamsConnector, FakeTeamsMember } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { rawRequest } from '../support/raw-http.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { rawAlertsIn, readTenantFile, type TenantFile } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box, adversarial: Teams' automatic refresh burst after a card update, where the bot answers
 * readers with the same view from one drawing (bot/shared-views.ts). Every member refreshes at once, in
 * two languages; each answer must be that member's own view (their buttons, their "assigned to you",
 * their language), also right after another member changed the alert, shared or revoked a link, or the
 * access policy changed, all within the few seconds a view is reused.
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const NOT_FOUND: Record<string, string> = {
  'en-US': 'This alert does not exist (any more), or you cannot see it.',
  'de-DE': 'Diese Warnung existiert nicht (mehr), oder Sie können sie nicht sehen.',
};
const PERSONAS = [AS.avery, AS.sam, AS.emma, AS.rui, AS.vic, AS.mia, AS.olu];
const LOCALES = ['en-US', 'de-DE'] as const;

/** An activity as a Teams client in `locale` and `timezone` sends it. */
function inLocale<A extends object>(activity: A, locale: string, timezone: string): A {
  const clientInfo = { type: 'clientInfo', locale, timezone, country: locale.slice(3), platform: 'Web' };
  return { ...activity, locale, entities: [clientInfo] };
}

/** What a reader's card says about who they are and what they may do: never anyone else's. */
function fingerprint(card: unknown) {
  const facts = factsOf(card);
  const texts = textsOf(card);
  return {
    verbs: [...verbsIn(card)].sort(),
    factTitles: Object.keys(facts).sort(),
    mine: texts.some((t) => t === 'Assigned to you' || t === 'Ihnen zugewiesen' || /\(you\)|\(Sie\)/.test(t)),
    assigned: Object.values(facts).find((v) => /Analyst|Admin|Responder/.test(v)) ?? null,
    links: texts.filter((t) => t.includes('/share/')).length,
  };
}
type Print = ReturnType<typeof fingerprint>;

describe('black box: a refresh burst shares views only between readers who would see the same card', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let tenant: TenantFile;
  let alertId = '';
  const threads = new Map<string, string>();

  const upnOf = (p: TeamsFrom) => tenant.directory.users.find((u) => u.id === p.aadObjectId)!.userPrincipalName;
  const version = async () =>
    (await readTenantFile(dataDir)).alerts.find((a) => a.id === alertId)!.lastUpdateDateTime as string;

  /** One refresh as `from` in `locale`/`zone`: the invoke answer. */
  async function refresh(from: TeamsFrom, locale: string, zone: string, extra: Record<string, unknown> = {}) {
    const base = cardAction({ serviceUrl, from, conversationId: threads.get(alertId) }, 'alert.refresh', { alertId });
    const activity = inLocale({ ...base, value: { ...base.value, trigger: 'automatic' }, ...extra }, locale, zone);
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    return res.body;
  }

  async function act(from: TeamsFrom, verb: string, data: Record<string, unknown>) {
    const activity = cardAction({ serviceUrl, from, conversationId: threads.get(alertId) }, verb, {
      alertId,
      version: await version(),
      ...data,
    });
    const res = await bot.send(activity);
    assert.equal(res.body?.type, CARD, `${verb} by ${from.name}: ${JSON.stringify(res.body).slice(0, 300)}`);
  }

  /**
   * Each reader's own view, drawn for them alone: every one in a zone nobody else uses (ages and dates
   * aside, the zone changes nothing a fingerprint reads), so no view can be shared.
   */
  async function alone(): Promise<Map<string, Print | 'refused'>> {
    const out = new Map<string, Print | 'refused'>();
    let n = 0;
    for (const locale of LOCALES)
      for (const p of PERSONAS) {
        const body = await refresh(p, locale, `Etc/GMT-${++n}`);
        out.set(`${p.name}/${locale}`, body.type === CARD ? fingerprint(body.value) : 'refused');
      }
    return out;
  }

  /** Everyone at once, three times over, in one zone: as many shared views as possible. */
  async function burst(step: string, expected: Map<string, Print | 'refused'>) {
    const asks = [1, 2, 3].flatMap(() => LOCALES.flatMap((l) => PERSONAS.map((p) => [p, l] as const)));
    const answers = await Promise.all(asks.map(([p, l]) => refresh(p, l, 'UTC')));
    asks.forEach(([p, l], i) => {
      const body = answers[i];
      const got = body.type === CARD ? fingerprint(body.value) : 'refused';
      if (got === 'refused') assert.deepEqual([body.type, body.value], [MESSAGE, NOT_FOUND[l]], `${step}: ${p.name}`);
      assert.deepEqual(got, expected.get(`${p.name}/${l}`), `${step}: ${p.name} in ${l}`);
    });
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-shared-', {
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0', SHARE_RATE_LIMIT_PER_MINUTE: '10000' },
    }));
    tenant = await readTenantFile(dataDir);
    connector.members = PERSONAS.map((p): FakeTeamsMember => ({
      id: p.id,
      aadObjectId: p.aadObjectId,
      name: p.name,
      userPrincipalName: upnOf(p),
    }));
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    const target = rawAlertsIn(tenant, 'EMEA').find((a) => a.status === 'new' && !a.assignedTo);
    assert.ok(target, 'an open, unassigned EMEA alert');
    alertId = target.id;
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).some((t) => alertIdIn(cardOf(t)) === alertId), 90_000);
    for (const call of connector.threadsIn(TEAM_ID)) threads.set(alertIdIn(cardOf(call))!, call.conversationId!);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('assigned to Sam: only Sam reads "assigned to you", everyone has their own buttons and language', async () => {
    await act(AS.sam, 'alert.assignToMe', {});
    const expected = await alone();
    assert.equal((expected.get(`${AS.sam.name}/en-US`) as Print).mine, true);
    assert.equal((expected.get(`${AS.emma.name}/en-US`) as Print).mine, false);
    assert.equal(expected.get(`${AS.olu.name}/en-US`), 'refused');
    await burst('assigned to Sam', expected);
  });

  it('reassigned to Emma by Avery, seconds after the burst: the next burst shows it, "you" moves to Emma', async () => {
    await burst('before', await alone());
    await act(AS.avery, 'alert.assign', { assignee: AS.emma.aadObjectId });
    const expected = await alone();
    assert.equal((expected.get(`${AS.emma.name}/de-DE`) as Print).mine, true);
    assert.equal((expected.get(`${AS.sam.name}/de-DE`) as Print).mine, false);
    await burst('reassigned to Emma', expected);
  });

  it('a share link made and revoked between bursts shows and goes at once', async () => {
    await act(AS.sam, 'alert.share', {});
    const shared = await alone();
    assert.ok((shared.get(`${AS.vic.name}/en-US`) as Print).links > 0, 'the link is on every view');
    await burst('shared', shared);
    await act(AS.sam, 'alert.unshare', {});
    const revoked = await alone();
    assert.equal((revoked.get(`${AS.vic.name}/en-US`) as Print).links, 0);
    await burst('revoked', revoked);
  });

  it('Emma’s grant removed from the policy: her next refresh is refused, though her view was shared', async () => {
    await burst('before the edit', await alone());
    const file = path.join(dataDir, 'access-policy.json');
    const policy = JSON.parse(await fs.readFile(file, 'utf8'));
    policy.grants = policy.grants.filter((g: { user?: string }) => g.user !== AS.emma.aadObjectId);
    await fs.writeFile(file, JSON.stringify(policy, null, 2));
    const deadline = Date.now() + 10_000;
    while ((await refresh(AS.emma, 'en-US', 'UTC')).type === CARD && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const expected = await alone();
    assert.equal(expected.get(`${AS.emma.name}/en-US`), 'refused');
    await burst('Emma lost her grant', expected);
  });

  it('a refresh asked with deliveryMode expectReplies carries the same card, serialised without the splice', async () => {
    const plain = await refresh(AS.sam, 'en-US', 'UTC');
    const replies = await refresh(AS.sam, 'en-US', 'UTC', { deliveryMode: 'expectReplies' });
    const invoke = (replies.activities ?? []).find((a: { type: string }) => a.type === 'invokeResponse');
    assert.ok(invoke, `an invokeResponse among the replies: ${JSON.stringify(replies).slice(0, 300)}`);
    assert.equal(invoke.value.body.type, CARD);
    assert.deepEqual(fingerprint(invoke.value.body.value), fingerprint(plain.value));
    assert.equal(invoke.value.body.value.type, 'AdaptiveCard', 'the card itself, not its JSON text');
  });

  it('a comment full of splice-shaped text reaches every reader as one well-formed answer, Content-Length in bytes', async () => {
    const nasty = 'x \u2028 "\\u0000AAAAAAAAAAAA:0" $& $\' </script> 日本語 😀';
    await act(AS.sam, 'alert.comment', { comment: nasty });
    for (const [from, locale] of [
      [AS.sam, 'ja-JP'],
      [AS.avery, 'ja-JP'],
      [AS.vic, 'ja-JP'],
      [AS.sam, 'ja-JP'],
    ] as const) {
      const base = cardAction({ serviceUrl, from, conversationId: threads.get(alertId) }, 'alert.refresh', { alertId });
      const body = JSON.stringify(
        inLocale({ ...base, value: { ...base.value, trigger: 'automatic' } }, locale, 'Asia/Tokyo'),
      );
      const res = await rawRequest(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), 'Content-Length counts bytes');
      const answer = JSON.parse(res.body);
      assert.deepEqual(Object.keys(answer).sort(), ['statusCode', 'type', 'value']);
      assert.equal(answer.type, CARD);
      const shown = textsOf(answer.value).join('\n');
      // oneLine folds the line separator to a space on the card; the rest arrives as typed (markdown-escaped).
      assert.ok(shown.includes('u0000AAAAAAAAAAAA:0" $& $\'') && shown.includes('日本語 😀'), shown);
    }
  });
});
