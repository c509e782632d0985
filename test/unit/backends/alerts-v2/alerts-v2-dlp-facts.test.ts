import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';

/*
 * The triage facts from an alerts_v2 alert: what the policy did, where the content went, the sensitive
 * types with confidence and the user's department, read from `additionalData` (keys of our own
 * convention: Graph documents none, graph-api.md §0.2) and from documented evidence fields; a fact with
 * no source at all is listed in `notProvided`, so the card can say "Not provided by Graph".
 */

const T = '2026-03-04T09:15:42.1234567Z';
const user = (upn = 'megan.bowen@contoso.com', domainName = 'contoso.com') => ({
  '@odata.type': '#microsoft.graph.security.userEvidence',
  roles: ['policyViolator'],
  userAccount: { azureAdUserId: 'u-1', displayName: 'Megan Bowen', userPrincipalName: upn, domainName },
});
const map = (additionalData?: Record<string, unknown>, evidence: unknown[] = [user()]) =>
  mapGraphAlert({ id: 'dl-1', createdDateTime: T, lastUpdateDateTime: T, additionalData, evidence });

describe('graph alert mapper: triage facts', () => {
  it('reads what the policy did from actionsTaken, userOverride and overrideJustification', () => {
    const outcome = (extra: Record<string, unknown>) => map(extra).policyOutcome;
    assert.deepEqual(outcome({ actionsTaken: ['Block', 'NotifyUser', 'GenerateAlert'] }), {
      action: 'blocked',
      overridden: false,
    });
    assert.deepEqual(outcome({ actionsTaken: ['RestrictAccess', 'GenerateAlert'], userOverride: false }), {
      action: 'blocked',
      overridden: false,
    });
    assert.deepEqual(
      outcome({
        actionsTaken: ['BlockWithOverride', 'NotifyUser'],
        userOverride: true,
        overrideJustification: 'Needed for the offsite',
      }),
      { action: 'blockedWithOverride', overridden: true, justification: 'Needed for the offsite' },
    );
    assert.deepEqual(outcome({ actionsTaken: ['NotifyUser', 'GenerateAlert'] }), {
      action: 'warned',
      overridden: false,
    });
    assert.deepEqual(outcome({ actionsTaken: ['Audit', 'GenerateAlert'] }), { action: 'auditOnly', overridden: false });
    assert.deepEqual(outcome({ actionsTaken: ['GenerateAlert'] }), { action: 'auditOnly', overridden: false });
    // An override of a block means the block allowed overrides, whatever the action list says.
    assert.deepEqual(outcome({ actionsTaken: ['Block'], userOverride: true, overrideJustification: 'x' }), {
      action: 'blockedWithOverride',
      overridden: true,
      justification: 'x',
    });
    assert.equal(map({ actionsTaken: ['Block'] }).notProvided?.includes('policyOutcome'), false);
  });

  it('without actionsTaken, a blocked file or message in the evidence still says blocked; else not provided', () => {
    const file = {
      '@odata.type': '#microsoft.graph.security.fileEvidence',
      detectionStatus: 'blocked',
      fileDetails: { fileName: 'a.xlsx' },
    };
    assert.deepEqual(map({}, [user(), file]).policyOutcome, { action: 'blocked', overridden: false });
    const mail = {
      '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
      deliveryAction: 'Blocked',
      recipientEmailAddress: 'x@fabrikam.com',
    };
    assert.deepEqual(map(undefined, [user(), mail]).policyOutcome, { action: 'blocked', overridden: false });
    const none = map(undefined);
    assert.equal(none.policyOutcome, undefined);
    assert.ok(none.notProvided?.includes('policyOutcome'));
  });

  it('reads recipients, external domains and the sharing scope of a shared file', () => {
    const external = map({ sharedWith: ['j.doe@Fabrikam-Partners.com', 'kim@contoso.com'], sharingScope: 'users' });
    assert.deepEqual(external.destination, {
      recipients: ['j.doe@Fabrikam-Partners.com', 'kim@contoso.com'],
      externalDomains: ['fabrikam-partners.com'],
      scope: 'external',
    });
    assert.equal(map({ sharedWith: [], sharingScope: 'anyone' }).destination?.scope, 'anonymous');
    assert.equal(map({ sharedWith: [], sharingScope: 'organization' }).destination?.scope, 'internal');
    const inside = map({ sharedWith: ['kim@contoso.com', 'lee@eu.contoso.com'], sharingScope: 'users' });
    assert.deepEqual(inside.destination, {
      recipients: ['kim@contoso.com', 'lee@eu.contoso.com'],
      externalDomains: [],
      scope: 'internal',
    });
  });

  it('reads message recipients from additionalData and from the message evidence', () => {
    const mail = (to: string) => ({
      '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
      recipientEmailAddress: to,
    });
    const a = map(undefined, [
      user(),
      mail('billing@fabrikam.com'),
      mail('me@gmail.com'),
      mail('billing@fabrikam.com'),
    ]);
    assert.deepEqual(a.destination, {
      recipients: ['billing@fabrikam.com', 'me@gmail.com'],
      externalDomains: ['fabrikam.com', 'gmail.com'],
      scope: 'external',
    });
    assert.deepEqual(map({ recipients: ['dev@fabrikam.com'] }).destination?.externalDomains, ['fabrikam.com']);
    const teams = {
      '@odata.type': '#microsoft.graph.security.teamsMessageEvidence',
      recipients: ['guest@proseware.com'],
      isExternal: true,
    };
    assert.deepEqual(map(undefined, [user(), teams]).destination, {
      recipients: ['guest@proseware.com'],
      externalDomains: ['proseware.com'],
      scope: 'external',
    });
  });

  it('reads the device target of an endpoint activity', () => {
    assert.deepEqual(map({ removableMedia: 'SanDisk Ultra USB 3.0' }).destination, {
      recipients: [],
      externalDomains: [],
      target: { kind: 'removableMedia', name: 'SanDisk Ultra USB 3.0' },
    });
    assert.deepEqual(map({ targetDomain: 'WeTransfer.com' }).destination, {
      recipients: [],
      externalDomains: ['wetransfer.com'],
      scope: 'external',
      target: { kind: 'cloudService', name: 'WeTransfer.com' },
    });
    assert.equal(map({ printerName: 'NYC-PRN-02' }).destination?.target?.kind, 'printer');
    assert.equal(map({ networkShare: '\\\\fs01\\exports' }).destination?.target?.kind, 'networkShare');
  });

  it('says the destination is not provided when nothing tells where the content went', () => {
    const a = map({ actionsTaken: ['Block'] });
    assert.equal(a.destination, undefined);
    assert.ok(a.notProvided?.includes('destination'));
  });

  it('reads the confidence of each sensitive type, from its name or its level; no list at all is not provided', () => {
    const a = map({
      sensitiveInformationTypes: [
        { name: 'Credit Card Number', count: 27, confidence: 'high', confidenceLevel: 85 },
        { name: 'IBAN', count: 3, confidenceLevel: 75 },
        { name: 'SSN', count: 1, confidenceLevel: 65 },
        { name: 'Passport', count: 2 },
      ],
    });
    assert.deepEqual(a.sensitiveInfoTypes, [
      { name: 'Credit Card Number', count: 27, confidence: 'high' },
      { name: 'IBAN', count: 3, confidence: 'medium' },
      { name: 'SSN', count: 1, confidence: 'low' },
      { name: 'Passport', count: 2, confidence: undefined },
    ]);
    assert.equal(a.notProvided?.includes('sensitiveInfoTypes'), false);
    assert.ok(map({}).notProvided?.includes('sensitiveInfoTypes'));
  });

  it("reads the user's department; without it the department is not provided", () => {
    assert.equal(map({ userDepartment: 'Finance' }).subject?.department, 'Finance');
    assert.equal(map({ userDepartment: 'Finance' }).notProvided?.includes('department'), false);
    assert.ok(map({}).notProvided?.includes('department'));
  });

  it('values of the wrong type count as absent and never drop the alert', () => {
    const a = map({
      actionsTaken: 'Block',
      userOverride: 'yes',
      overrideJustification: 42,
      sharedWith: 'x@fabrikam.com',
      sharingScope: 7,
      recipients: [1, 2],
      userDepartment: ['Finance'],
      removableMedia: { name: 'usb' },
    });
    assert.equal(a.id, 'dl-1');
    assert.equal(a.policyOutcome, undefined);
    assert.equal(a.destination, undefined);
    assert.deepEqual(a.notProvided, ['department', 'sensitiveInfoTypes', 'destination', 'policyOutcome']);
  });

  it('maps the synthesized sample DLP alert of graph-api.md', () => {
    const a = map(
      {
        dlpPolicyName: 'Contoso PCI - External Sharing',
        actionsTaken: ['NotifyUser', 'GenerateAlert'],
        userOverride: false,
        overrideJustification: null,
        sensitiveInformationTypes: [
          { id: 's', name: 'Credit Card Number', count: 27, confidence: 'high', confidenceLevel: 85 },
        ],
        sharedWith: ['j.doe@fabrikam-partners.com'],
        sharingScope: 'users',
      },
      [user()],
    );
    assert.deepEqual(a.policyOutcome, { action: 'warned', overridden: false });
    assert.deepEqual(a.destination, {
      recipients: ['j.doe@fabrikam-partners.com'],
      externalDomains: ['fabrikam-partners.com'],
      scope: 'external',
    });
    assert.deepEqual(a.notProvided, ['department']);
  });
});
