import { strict as assert } from 'node:assert';
import { checkActivity } from '../../../src/http/activity-shape.js';
import { cardAction, installInTeam, mentionMessage } from '../../support/activities.js';
import { AS, NO_AAD_ID } from '../../support/personas.js';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe('checkActivity', () => {
  it('passes what Teams sends: installs, mentions, card clicks, personal chats, unknown fields, nulls for absent', () => {
    const personal = {
      type: 'message',
      id: '1',
      channelId: 'msteams',
      serviceUrl,
      from: AS.sam,
      recipient: { id: '28:bot', name: 'Bot' },
      text: 'help',
      conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't' },
      channelData: { tenant: { id: 't' } },
      localTimezone: 'Europe/Paris',
    };
    const cases = [
      installInTeam({ serviceUrl }),
      mentionMessage({ serviceUrl, from: NO_AAD_ID }, 'help'),
      cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'x', version: 'v' }),
      {
        ...cardAction({ serviceUrl }, 'alert.refresh', undefined),
        value: { action: { type: 'Action.Execute', verb: 'alert.refresh', title: 'Refresh' } },
      },
      personal,
      {
        ...personal,
        text: null,
        entities: null,
        channelData: null,
        attachments: [{ contentType: 'x' }],
        locale: 'fr-FR',
        extra: { deep: [1] },
      },
      {
        ...personal,
        type: 'invoke',
        name: 'composeExtension/query',
        value: { commandId: 'searchAlerts', parameters: [] },
      },
      {
        ...personal,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'x', data: {} }, trigger: 'automatic' },
      },
    ];
    for (const activity of cases) {
      const body = json(activity);
      const checked = checkActivity(body);
      assert.ok(
        checked.ok,
        `${JSON.stringify(activity).slice(0, 120)}: ${checked.ok ? '' : checked.problems.join(', ')}`,
      );
      assert.equal(checked.activity, body as unknown, 'the very object given, not a copy');
    }
  });

  it('refuses wrong types in the fields the bot reads, naming the field paths only', () => {
    const base = json(cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'x' }));
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, serviceUrl: 'http://' }, 'serviceUrl'],
      [{ ...base, serviceUrl: 'javascript:alert(1)' }, 'serviceUrl'],
      [{ ...base, from: { name: 'no id' } }, 'from.id'],
      [{ ...base, conversation: { id: '' } }, 'conversation.id'],
      [
        { ...base, value: { action: { type: 'Action.Execute', verb: 'v', data: 'secret-value' } } },
        'value.action.data',
      ],
      [{ ...base, value: null }, 'value'],
      [{ ...base, entities: [{ type: 'mention', mentioned: { id: 5 } }] }, 'entities.0.mentioned.id'],
    ];
    for (const [body, path] of cases) {
      const checked = checkActivity(body);
      assert.equal(checked.ok, false, path);
      if (!checked.ok) {
        assert.ok(checked.problems.includes(path), `${path} in ${checked.problems.join(', ')}`);
        assert.ok(!checked.problems.join().includes('secret-value'), 'no value in the problems');
      }
    }
  });

  it('passes a "__proto__" key through untouched and pollutes nothing', () => {
    const body = JSON.parse(
      `{"__proto__":{"polluted":true},${JSON.stringify(mentionMessage({ serviceUrl }, 'help')).slice(1)}`,
    );
    assert.equal(checkActivity(body).ok, true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
