import { strict as assert } from 'node:assert';
import type { Activity, AdaptiveCardInvokeValue } from 'botbuilder';
import { CardActions } from '../../../bot/card-actions.js';
import { tenantCheck } from '../../../bot/tenant-guard.js';
import { createLogger } from '../../../src/logger.js';
import { TENANT_ID, cardAction, mentionMessage } from '../../support/activities.js';

const serviceUrl = 'http://127.0.0.1:1/';
const asActivity = (a: object) => a as unknown as Activity;

/** An invoke router that records what it was asked and answers a fixed card. */
function recordingRouter() {
  const asked: { activity: Activity; value: AdaptiveCardInvokeValue }[] = [];
  const router = {
    answer: async (activity: Activity, value: AdaptiveCardInvokeValue) => {
      asked.push({ activity, value });
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { card: 1 } };
    },
  };
  return { asked, router };
}

describe('CardActions: card actions answered without a botbuilder turn', () => {
  it('takes adaptiveCard/action invokes only', () => {
    const lane = new CardActions(recordingRouter().router);
    assert.equal(lane.handles(asActivity(cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'a' }))), true);
    assert.equal(lane.handles(asActivity(mentionMessage({ serviceUrl }, 'help'))), false);
    const search = { ...cardAction({ serviceUrl }, 'x', {}), name: 'composeExtension/query' };
    assert.equal(lane.handles(asActivity(search)), false);
    const expectReplies = { ...cardAction({ serviceUrl }, 'alert.refresh', {}), deliveryMode: 'expectReplies' };
    assert.equal(lane.handles(asActivity(expectReplies)), false, 'the turn answers replies as a list');
  });

  it('answers with what the router answers (its status too), for the activity and its invoke value', async () => {
    const { asked, router } = recordingRouter();
    const activity = asActivity({
      ...cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'a1' }),
      callerId: 'urn:botframework:azure',
    });
    const answer = await new CardActions(router, tenantCheck([TENANT_ID.toUpperCase()], createLogger('silent'))).answer(
      activity,
    );
    assert.deepEqual(answer, {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { card: 1 } },
    });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.activity, activity);
    assert.equal(asked[0]!.activity.callerId, undefined, 'a callerId the sender set is dropped');
    assert.equal(asked[0]!.value.action.verb, 'alert.refresh');
    assert.deepEqual(asked[0]!.value.action.data, { alertId: 'a1' });
  });

  it('answers the status the router’s answer carries, as botbuilder does', async () => {
    const router = {
      answer: async () => ({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: 'no' } }),
    };
    const answer = await new CardActions(router).answer(asActivity(cardAction({ serviceUrl }, 'x', {})));
    assert.equal(answer.status, 400);
  });

  it('refuses a tenant outside ALLOWED_TENANT_IDS with 403, before the router runs', async () => {
    const { asked, router } = recordingRouter();
    const lane = new CardActions(router, tenantCheck([TENANT_ID], createLogger('silent')));
    const other = cardAction({ serviceUrl, tenantId: '99999999-0000-4000-8000-000000000000' }, 'alert.refresh', {});
    const answer = await lane.answer(asActivity(other));
    assert.equal(answer.status, 403);
    assert.match(JSON.stringify(answer.body), /not enabled for your organisation/);
    const none = { ...cardAction({ serviceUrl }, 'alert.refresh', {}), channelData: {}, conversation: { id: 'c' } };
    assert.equal((await lane.answer(asActivity(none))).status, 403, 'an activity naming no tenant is refused too');
    assert.equal(asked.length, 0);
  });
});
