import { strict as assert } from 'node:assert';
import { AlertViews, type ShareLinkView } from '../../../bot/alert-views.js';
import { SharedViews } from '../../../bot/shared-views.js';
import type { TeamMember } from '../../../bot/team-roster.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS, type Persona } from '../../../src/backends/local/local-seed.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import type { AccessPolicy } from '../../../src/triage/access/access-policy.js';
import type { Alert } from '../../../src/triage/alert.js';
import { isTriageError } from '../../../src/triage/triage-error.js';
import { demoPolicy, policyFrom, who } from '../../support/demo-access.js';
import { buildLocalAccessPolicy } from '../../../src/backends/local/local-access-policy.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';

/*
 * Adversarial: a refresh answered from SharedViews must be, byte for byte, the card `userCard` draws for
 * that reader at that moment, whatever else changed since the view was kept (the alert's version, the
 * share links, the team roster, the directory's names, the access policy) and however readers of every
 * role, language, zone and team interleave. The clock stands still, so every kept view stays fresh: any
 * input the key misses would show as a reader getting someone else's card.
 */

const NOW = new Date('2026-11-23T14:05:00Z');
const seed = new SeedAlerts(NOW);
const { tenant } = seed;
const [avery, sam, emma, , vic, mia, olu] = PERSONAS;
const messages = new Messages();
const TEAM = '19:team@thread.tacv2';

/** A deterministic PRNG (mulberry32), so a failure replays. */
function prng(seedValue: number) {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SharedViews under a burst: every reader gets exactly their own card, whatever changes between refreshes', () => {
  let policy: AccessPolicy = demoPolicy();
  const directory = new LocalDirectory(() => tenant);
  const access = new AccessService(directory, () => policy, {
    append: async () => undefined,
    forAlert: async () => [],
  });
  let links: ShareLinkView[] = [];
  let members: TeamMember[] = PERSONAS.map((p) => ({ id: p.id, name: p.displayName }));
  const renamed = new Map<string, string>();
  const people = {
    getUser: async (idOrUpn: string) => {
      const user = await directory.getUser(idOrUpn);
      return user && { ...user, displayName: renamed.get(user.id) ?? user.displayName };
    },
  };
  const roster = { membersOf: async () => members };
  const sla = { high: 4, medium: 24, low: 72 };
  const make = (shared?: SharedViews) =>
    new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), roster, () => links, { people, sla, shared });
  const shared = new SharedViews(() => NOW.getTime());
  const views = make(shared);
  const plain = make();

  const readers: Persona[] = [avery!, sam!, emma!, vic!, mia!, olu!, PERSONAS[3]!];
  const languages: Translator[] = [
    messages.translator({ locale: 'en-US' }),
    messages.translator({ locale: 'en-US', timeZone: 'Asia/Tokyo' }),
    messages.translator({ locale: 'en-GB' }),
    messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' }),
    messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }),
  ];
  const emea = seed.find(
    'an open, unassigned EMEA alert',
    (a) => seed.unitsOf(a).join() === 'EMEA' && a.status === 'new' && !a.assignedTo,
  );

  /** What either view answers this reader: the card as JSON text, or the refusal's code and message. */
  async function answerOf(draw: () => Promise<unknown>): Promise<string> {
    try {
      const out = await draw();
      return typeof out === 'object' && out && 'text' in out ? String(out.text) : JSON.stringify(out);
    } catch (e) {
      if (!isTriageError(e)) throw e;
      return `refused ${e.code}: ${e.userMessage}`;
    }
  }

  async function burst(alert: Alert, step: string, random: () => number, refreshes = 60) {
    for (let i = 0; i < refreshes; i++) {
      const reader = readers[Math.floor(random() * readers.length)]!;
      const i18n = languages[Math.floor(random() * languages.length)]!;
      const teamId = random() < 0.75 ? TEAM : undefined;
      const options = { i18n, teamId };
      const got = await answerOf(() => views.refreshCard(who(reader), alert, options));
      const own = await answerOf(() => plain.userCard(who(reader), alert, options));
      assert.equal(got, own, `${step}: ${reader.givenName} in ${i18n.locale}/${i18n.timeZone}, team ${teamId}`);
    }
  }

  it('over alert versions, share links, roster, directory and policy changes, no answer differs from userCard', async () => {
    const random = prng(12);
    let alert: Alert = emea;
    let tick = 0;
    /** A new version as the store would make it. */
    const next = (patch: Partial<Alert>): Alert => {
      tick++;
      return { ...alert, ...patch, lastUpdatedAt: new Date(NOW.getTime() - 3_600_000 + tick * 1000).toISOString() };
    };
    await burst(alert, 'fresh alert', random);
    for (const [step, change] of [
      ['assigned to Sam', () => (alert = next({ assignedTo: sam!.userPrincipalName, status: 'inProgress' }))],
      ['a share link', () => (links = [{ url: 'https://bot.example/share/t1', expiresAt: '2026-11-30T00:00:00Z' }])],
      ['Sam renamed in the directory', () => renamed.set(sam!.id, 'Samantha Analyst')],
      ['reassigned to Emma', () => (alert = next({ assignedTo: emma!.userPrincipalName }))],
      ['the roster lost Sam', () => (members = members.filter((m) => m.id !== sam!.id))],
      ['Teams renamed Emma', () => (members = members.map((m) => (m.id === emma!.id ? { ...m, name: 'Emma R.' } : m)))],
      ['a comment', () => (alert = next({ comments: [...alert.comments, comment('Called the user.')] }))],
      ['links revoked', () => (links = [])],
      ['Emma loses her grant', () => (policy = withoutGrant(emma!))],
      ['classified', () => (alert = next({ classification: 'truePositive', determination: 'dataLossPrevention' }))],
      ['Emma gets her grant back, the roster Sam', () => ((policy = demoPolicy()), (members = everyone()))],
      ['assigned to Avery', () => (alert = next({ assignedTo: avery!.userPrincipalName }))],
      ['resolved', () => (alert = next({ status: 'resolved', resolvedAt: NOW.toISOString() }))],
      ['unassigned', () => (alert = next({ assignedTo: undefined }))],
    ] as const) {
      change();
      await burst(alert, step, random);
    }
    assert.ok(shared.stats.hits > 200, `views were shared (${JSON.stringify(shared.stats)})`);
  });

  const comment = (text: string) => ({ text, author: 'DLP Triage', createdAt: NOW.toISOString() });
  const everyone = () => PERSONAS.map((p) => ({ id: p.id, name: p.displayName }));
  function withoutGrant(p: Persona): AccessPolicy {
    const content = buildLocalAccessPolicy();
    return policyFrom({ ...content, grants: content.grants.filter((g) => !('user' in g) || g.user !== p.id) });
  }
});
