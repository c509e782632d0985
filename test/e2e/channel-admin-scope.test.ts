import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { TEAM_ID, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, DLP_EMEA_CHANNEL, type TeamsFrom } from '../support/personas.js';
import { readJsonLines } from '../support/files.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: an admin whose channel.manage grant is limited to AU EMEA (Emma, in an access policy written
 * before the first start) manages channels and routes over HTTP. Refusals must change neither
 * channels.jsonl nor routes.jsonl; what stays inside EMEA works.
 */

const OTHER_CHANNEL = '19:dlp-other@thread.tacv2';

describe('black box: channel.manage is limited to the admin’s administrative units', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;

  /** Says `text` to the bot (with a mention) in a channel; returns its in-turn replies as one text. */
  async function say(from: TeamsFrom, text: string, channelId = TEAM_ID): Promise<string> {
    const activity = mentionMessage({ serviceUrl, from, channelId }, text);
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    const replies = connector.posted.filter((c) => c.replyToId === activity.id);
    assert.ok(replies.length > 0, `the bot answered "${text}"`);
    return replies.map((c) => String(c.body?.text ?? '')).join('\n');
  }

  const read = (name: string) => fs.readFile(path.join(dataDir, name), 'utf8').catch(() => '');
  const snapshot = async () => ({ channels: await read('channels.jsonl'), routes: await read('routes.jsonl') });
  /** The current value of a journal key (last line wins). */
  const current = async (name: string, key: string): Promise<any> => {
    const lines = await readJsonLines(path.join(dataDir, name));
    return lines.filter((l) => l.k === key).at(-1)?.v;
  };
  const routes = async (): Promise<string[]> =>
    ((await current('routes.jsonl', 'rules')) ?? []).map((r: { text: string }) => r.text);

  /** Emma says `text`; the answer must be a refusal matching `pattern`, and nothing may change. */
  async function refused(text: string, channelId: string, pattern: RegExp): Promise<string> {
    const before = await snapshot();
    const reply = await say(AS.emma, text, channelId);
    assert.match(reply, pattern, `refusal of "${text}"`);
    assert.doesNotMatch(reply, /Added rule|Removed rule|is now/);
    assert.deepEqual(await snapshot(), before, `"${text}" changed nothing`);
    return reply;
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-channel-scope-e2e-', {
      prepare: async (dataDir) => {
        const policy = buildLocalAccessPolicy();
        policy.grants.push({
          name: 'Emma, EMEA admin',
          user: AS.emma.aadObjectId,
          roles: ['admin'],
          scope: { administrativeUnits: ['EMEA'] },
        });
        await fs.writeFile(path.join(dataDir, 'access-policy.json'), JSON.stringify(policy, null, 2));
      },
    }));
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    assert.equal(
      (await current('channels.jsonl', TEAM_ID))?.isDefault,
      true,
      'General is the default, unscoped channel',
    );
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  describe('triage here', () => {
    it('without au= (unscoped) is refused: it needs an unrestricted scope, and the answer says how to stay in EMEA', async () => {
      const reply = await refused('triage here', DLP_EMEA_CHANNEL, /unrestricted/);
      assert.match(reply, /au=EMEA/);
    });

    it('triage here default is refused, even scoped to EMEA', async () => {
      await refused('triage here default au=EMEA', DLP_EMEA_CHANNEL, /default.*unrestricted|unrestricted.*default/s);
      await refused('triage here default', DLP_EMEA_CHANNEL, /unrestricted/);
    });

    it('an AU outside hers is refused and named, alone or next to EMEA', async () => {
      await refused('triage here au=APAC', DLP_EMEA_CHANNEL, /APAC/);
      const reply = await refused('triage here au=EMEA,APAC', DLP_EMEA_CHANNEL, /APAC/);
      assert.match(reply, /EMEA/, 'it says what she may use');
    });

    it('rescoping a channel that takes alerts of every AU (General) is refused', async () => {
      await refused('triage here au=EMEA', TEAM_ID, /every administrative unit|unrestricted/);
      assert.equal((await current('channels.jsonl', TEAM_ID)).administrativeUnits, undefined);
    });

    it('triage here au=EMEA in a new channel works', async () => {
      const reply = await say(AS.emma, 'triage here au=EMEA', DLP_EMEA_CHANNEL);
      assert.match(reply, /triage channel/);
      const channel = await current('channels.jsonl', DLP_EMEA_CHANNEL);
      assert.deepEqual(
        channel.administrativeUnits.map((u: { displayName: string }) => u.displayName),
        ['EMEA'],
      );
      assert.equal(channel.isDefault, false);
    });
  });

  describe('route add', () => {
    it('a rule without au= in an unscoped channel is refused, and the answer says to add au=EMEA', async () => {
      await refused('route add severity>=high', TEAM_ID, /au=EMEA/);
    });

    it('a rule naming an AU outside hers is refused, wherever it is added', async () => {
      await refused('route add severity>=high au=APAC', TEAM_ID, /APAC/);
      await refused('route add severity>=high au=EMEA,APAC', TEAM_ID, /APAC/);
      await refused('route add au=APAC', DLP_EMEA_CHANNEL, /APAC/);
    });

    it('a rule in a channel that is not a triage channel yet is refused (it would become one for every AU)', async () => {
      await refused('route add au=EMEA', OTHER_CHANNEL, /triage here au=EMEA/);
    });

    it('a rule in her EMEA channel, and a rule with au=EMEA in General, are added', async () => {
      assert.match(await say(AS.emma, 'route add severity>=low', DLP_EMEA_CHANNEL), /Added rule 1/);
      assert.match(await say(AS.emma, 'route add severity>=high au=EMEA', TEAM_ID), /Added rule 2/);
      assert.deepEqual(await routes(), ['severity>=low', 'severity>=high au=EMEA']);
    });
  });

  describe('route remove', () => {
    it('rules outside her AUs (au=APAC, or no AU into an unscoped channel) cannot be removed by her', async () => {
      assert.match(await say(AS.avery, 'route add au=APAC', TEAM_ID), /Added rule 3/);
      assert.match(await say(AS.avery, 'route add severity>=medium', TEAM_ID), /Added rule 4/);
      await refused('route remove 3', TEAM_ID, /APAC/);
      await refused('route remove 4', TEAM_ID, /rule 4/i);
      assert.deepEqual(await routes(), ['severity>=low', 'severity>=high au=EMEA', 'au=APAC', 'severity>=medium']);
    });

    it('rules within EMEA (by au= or by the channel’s scope) can', async () => {
      assert.match(await say(AS.emma, 'route remove 2'), /Removed rule 2/);
      assert.match(await say(AS.emma, 'route remove 1'), /Removed rule 1/);
      assert.deepEqual(await routes(), ['au=APAC', 'severity>=medium']);
    });
  });

  describe('an unrestricted admin and the audit', () => {
    it('Avery (unrestricted) may still make a channel unscoped', async () => {
      assert.match(await say(AS.avery, 'triage here', OTHER_CHANNEL), /triage channel/);
      assert.equal((await current('channels.jsonl', OTHER_CHANNEL)).administrativeUnits, undefined);
    });

    it('every refusal is audited as a denied channel.manage of Emma, with the reason', async () => {
      const entries = await readJsonLines(path.join(dataDir, 'audit.jsonl'));
      const denied = entries.filter(
        (e) => e.actor?.id === AS.emma.aadObjectId && e.action === 'channel.manage' && e.outcome === 'denied',
      );
      assert.equal(denied.length, 13);
      assert.ok(denied.every((e) => typeof e.reason === 'string' && e.reason.length > 10));
    });
  });
});
