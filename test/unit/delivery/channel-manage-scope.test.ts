import { strict as assert } from 'node:assert';
import { ChannelManageScope } from '../../../src/delivery/channel-manage-scope.js';
import type { TriageChannel } from '../../../src/delivery/channel-registry.js';
import { parseRouteConditions } from '../../../src/triage/routing.js';

const EMEA = { id: 'd0000000-0000-4000-8000-000000000001', displayName: 'EMEA' };
const APAC = { id: 'd0000000-0000-4000-8000-000000000003', displayName: 'APAC' };
const NA = { id: 'd0000000-0000-4000-8000-000000000002', displayName: 'North America' };
const known = [EMEA, APAC, NA];
const channel = (units?: (typeof known)[number][]): TriageChannel => ({
  channelId: 'c',
  teamId: 't',
  tenantId: 'x',
  serviceUrl: 'https://s',
  isDefault: false,
  registeredAt: '2026-01-01T00:00:00Z',
  administrativeUnits: units,
});

describe('ChannelManageScope (what a channel.manage grant limited to AUs may change)', () => {
  it('an unrestricted grant may do everything', () => {
    const s = new ChannelManageScope({ kind: 'unrestricted' }, []);
    assert.equal(s.triageHere(true, undefined, channel()), undefined);
    assert.equal(s.addRoute(undefined, undefined), undefined);
    assert.equal(s.removeRoute(1, 'severity>=high', undefined, channel()), undefined);
  });

  it('units the policy lists by id match units named by display name, and the other way round', () => {
    const byId = new ChannelManageScope({ kind: 'administrativeUnits', units: [EMEA.id] }, known);
    assert.equal(byId.triageHere(false, [EMEA], undefined), undefined);
    assert.equal(byId.addRoute([EMEA], channel()), undefined);
    assert.match(byId.triageHere(false, [APAC], undefined) ?? '', /for AU EMEA only, not for AU APAC/);
    const byName = new ChannelManageScope({ kind: 'administrativeUnits', units: ['emea'] }, known);
    assert.equal(
      byName.removeRoute(1, 'severity>=low', undefined, channel([EMEA])),
      undefined,
      'within through the channel scope',
    );
    assert.match(
      byName.removeRoute(2, 'severity>=low', undefined, channel([EMEA, APAC])) ?? '',
      /Rule 2/,
      'a channel that also takes APAC is not within',
    );
  });

  it('the au= it suggests is one each command can read, also for a unit name with a space', () => {
    const s = new ChannelManageScope({ kind: 'administrativeUnits', units: ['North America'] }, known);
    const route = /add (au=\S+(?: \S+)?) to its conditions/.exec(s.addRoute(undefined, channel()) ?? '')?.[1];
    assert.deepEqual(parseRouteConditions(route!).administrativeUnits, ['North America']);
    assert.match(s.triageHere(false, undefined, undefined) ?? '', new RegExp(`triage here au=${NA.id}\\.`));
  });
});
