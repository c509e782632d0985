import { strict as assert } from 'node:assert';
import { renderAlertCard, renderNoticeCard, type AlertCardView } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import type { Alert } from '../../../src/triage/alert.js';
import { factsOf } from '../../support/card-facts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { executeActions, nodes, nodesOfType, textsOf, verbsIn } from '../../support/card-tree.js';
import { alertWith } from '../../support/alerts.js';
import { Messages } from '../../../src/i18n/messages.js';

type Json = Record<string, unknown>;

const NOW = new Date('2026-11-23T17:10:00Z');
const i18n = new Messages().translator({ locale: 'en-US' });
const ALL = new Set<CardVerb>(CARD_VERBS);
const REFRESH_ONLY = new Set<CardVerb>(['alert.refresh']);
/** Verbs the alert card itself renders (confirm/undo live on the remediation confirmation card). */
const CARD_LEVEL_VERBS = CARD_VERBS.filter((v) => v !== 'alert.remediate.confirm' && v !== 'alert.remediate.undo');

function baseAlert(overrides: Partial<Alert> = {}): Alert {
  return alertWith('dl0123456789abcdef', {
    title: 'DLP policy match: credit card numbers shared externally',
    createdAt: '2026-11-23T14:05:00Z',
    lastUpdatedAt: '2026-11-23T15:00:00.1234567Z',
    ...overrides,
  });
}

const sharePointAlert = baseAlert({
  policyName: 'PCI-DSS external sharing',
  ruleName: 'High volume of card numbers',
  subject: {
    id: '7d1f0c2e-0000-4000-8000-000000000001',
    userPrincipalName: 'alice@contoso.com',
    displayName: 'Alice Wong',
  },
  file: {
    name: 'Q3 card export.xlsx',
    path: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents',
    sizeBytes: 48_213,
  },
  sensitiveInfoTypes: [
    { name: 'Credit Card Number', count: 27, confidence: 'high' },
    { name: 'International Banking Account Number (IBAN)', count: 3 },
  ],
  comments: [
    { text: 'Oldest comment', author: 'Bob Ops', createdAt: '2026-11-23T14:10:00Z' },
    { text: 'Second', author: 'Carol', createdAt: '2026-11-23T14:20:00Z' },
    { text: `Third, multi-line\nsecond line must not show`, author: 'Dan', createdAt: '2026-11-23T15:30:00Z' },
    { text: 'x'.repeat(500), author: 'Erin', createdAt: '2026-11-23T16:40:00Z' },
  ],
  portalUrl: 'https://security.microsoft.com/alerts/dl0123456789abcdef?tid=contoso',
});

const exchangeAlert = baseAlert({
  id: 'dl-exchange-1',
  severity: 'medium',
  status: 'inProgress',
  workload: 'Exchange',
  policyName: 'GDPR outbound mail',
  subject: { userPrincipalName: 'bob@contoso.com' },
  message: {
    subject: 'Customer list',
    sender: 'bob@contoso.com',
    recipients: ['a@fabrikam.com', 'b@fabrikam.com', 'c@fabrikam.com'],
  },
  sensitiveInfoTypes: [{ name: 'EU National Identification Number', count: 120 }],
  assignedTo: 'analyst@contoso.com',
});

const endpointAlert = baseAlert({
  id: 'dl-endpoint-1',
  severity: 'low',
  workload: 'Endpoint',
  subject: { id: 'u-3', displayName: 'Chris Device-User' },
  device: { name: 'LAPTOP-42.contoso.local', mdeDeviceId: 'mde-1', osPlatform: 'Windows11' },
  file: { name: 'passport-scan.pdf', path: 'C:\\Users\\chris\\Downloads' },
  sensitiveInfoTypes: [{ name: 'U.S. / U.K. Passport Number', count: 1 }],
});

const bareAlert: Alert = {
  id: 'dl-bare',
  title: '',
  severity: 'unknown',
  status: 'unknown',
  classification: 'unknown',
  determination: '',
  createdAt: 'not a date',
  lastUpdatedAt: '2026-11-23T15:00:00Z',
  workload: 'Other',
  sensitiveInfoTypes: [],
  comments: [],
};

const resolvedAlert = baseAlert({
  id: 'dl-resolved',
  severity: 'informational',
  status: 'resolved',
  classification: 'falsePositive',
  determination: 'notMalicious',
  assignedTo: 'reviewer@contoso.com',
  resolvedAt: '2026-11-23T16:00:00Z',
  workload: 'OneDrive',
  subject: { userPrincipalName: 'dave@contoso.com' },
  file: { name: 'notes.docx' },
});

const NASTY = '**Bold** [click me](https://evil.example/x) ${alertId} `code` _u_ ~s~ <at>Eve</at> "q" \\ é 😀 # - 1. ';
const nastyAlert = baseAlert({
  id: 'dl-nasty',
  title: `1. ${NASTY}`.repeat(60).slice(0, 2000),
  policyName: '[policy](https://evil.example)',
  subject: { displayName: '*Mallory*', userPrincipalName: 'mallory@contoso.com' },
  file: { name: 'a_b_[c](d).txt' },
  comments: [{ text: '[phish](https://evil.example) **now**', author: '_x_', createdAt: '2026-11-23T17:00:00Z' }],
});

const bigAlert = baseAlert({
  id: 'dl-big',
  title: 'T'.repeat(2000),
  description: 'D'.repeat(5000),
  policyName: 'P'.repeat(500),
  ruleName: 'R'.repeat(500),
  subject: { id: 'u', userPrincipalName: `${'u'.repeat(300)}@contoso.com`, displayName: 'N'.repeat(300) },
  file: { name: `${'f'.repeat(400)}.xlsx`, path: 'p'.repeat(2000) },
  message: { subject: 'S'.repeat(1000), recipients: Array.from({ length: 500 }, (_, i) => `r${i}@fabrikam.com`) },
  device: { name: 'd'.repeat(300), osPlatform: 'o'.repeat(300) },
  sensitiveInfoTypes: Array.from({ length: 60 }, (_, i) => ({
    name: `Sensitive type ${i} ${'n'.repeat(200)}`,
    count: i + 1,
  })),
  comments: Array.from({ length: 300 }, (_, i) => ({
    text: 'c'.repeat(5000),
    author: 'a'.repeat(300),
    createdAt: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString(),
  })),
  portalUrl: 'https://security.microsoft.com/alerts/dl-big',
});

const FIXTURES: Array<[string, Alert]> = [
  ['SharePoint file alert', sharePointAlert],
  ['Exchange message alert', exchangeAlert],
  ['Endpoint device alert', endpointAlert],
  ['alert missing almost everything', bareAlert],
  ['resolved and classified alert', resolvedAlert],
  ['alert with a 2,000-char markdown title', nastyAlert],
  ['very big alert', bigAlert],
];

/** The per-user details view (everything the alert carries); channel cards are tested separately. */
function view(actions: ReadonlySet<CardVerb>, notice?: AlertCardView['notice']): AlertCardView {
  return { actions, now: NOW, notice, detail: 'full', i18n };
}

const inputIds = (card: unknown) =>
  nodes(card)
    .filter((n) => String(n.type).startsWith('Input.'))
    .map((n) => n.id);
const fact = (card: unknown, title: string): string | undefined => factsOf(card)[title];

function assertValid(card: unknown): void {
  const errors = validateAdaptiveCard(card);
  assert.deepEqual(errors, [], `schema errors:\n${errors.slice(0, 10).join('\n')}`);
}

describe('alert card', () => {
  for (const [name, alert] of FIXTURES) {
    for (const [label, actions] of [
      ['all verbs', ALL],
      ['only alert.refresh', REFRESH_ONLY],
    ] as const) {
      it(`${name} with ${label}: valid 1.5 card, every action carries its verb, alertId and version`, () => {
        const card = renderAlertCard(alert, view(actions));
        assertValid(card);
        assert.equal(card.type, 'AdaptiveCard');
        assert.equal(card.version, '1.5');
        assert.equal('msteams' in card, false);
        const found = executeActions(card);
        assert.ok(found.length > 0);
        for (const action of found) {
          assert.ok((CARD_VERBS as readonly unknown[]).includes(action.verb), `unknown verb ${String(action.verb)}`);
          assert.ok(actions.has(action.verb as CardVerb), `verb ${String(action.verb)} not allowed`);
          const { classification, ...ref } = action.data as Json;
          assert.deepEqual(ref, { alertId: alert.id, version: alert.lastUpdatedAt });
          // Classify buttons carry their classification; each id is stable (the verb, or verb.classification).
          assert.equal(classification === undefined, action.verb !== 'alert.classify');
          const expectedId = classification ? `${String(action.verb)}.${String(classification)}` : action.verb;
          assert.ok(action.id === undefined || action.id === expectedId, `unstable action id ${String(action.id)}`);
        }
        assert.ok(((card.actions as unknown[] | undefined) ?? []).length <= 5, 'at most 5 top-level actions');
      });
    }
  }

  it('renders every card-level verb when all are allowed (remediate needs evidence)', () => {
    assert.deepEqual(verbsIn(renderAlertCard(sharePointAlert, view(ALL))), new Set(CARD_LEVEL_VERBS));
    const bare = verbsIn(renderAlertCard(bareAlert, view(ALL)));
    assert.deepEqual(bare, new Set(CARD_LEVEL_VERBS.filter((v) => v !== 'alert.remediate')));
  });

  for (const verb of CARD_LEVEL_VERBS) {
    it(`leaves out ${verb} everywhere when it is not in view.actions`, () => {
      const card = renderAlertCard(sharePointAlert, view(new Set(CARD_VERBS.filter((v) => v !== verb))));
      assertValid(card);
      assert.equal(verbsIn(card).has(verb), false);
      assert.equal(JSON.stringify(card).includes(`"${verb}"`), false);
    });
  }

  it('with only alert.refresh: a Refresh button, the refresh property and Open in Defender, nothing else', () => {
    const card = renderAlertCard(sharePointAlert, view(REFRESH_ONLY));
    assert.deepEqual(verbsIn(card), new Set(['alert.refresh']));
    assert.deepEqual(inputIds(card), []);
    const actions = card.actions as Json[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Refresh', 'Open in Defender'],
    );
    assert.equal(actions[1]?.url, sharePointAlert.portalUrl);
  });

  it('sets the refresh property only when alert.refresh is allowed, without userIds (automatic per-user views)', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    assert.deepEqual(card.refresh, {
      action: {
        type: 'Action.Execute',
        verb: 'alert.refresh',
        data: { alertId: sharePointAlert.id, version: sharePointAlert.lastUpdatedAt },
      },
    });
    const without = renderAlertCard(sharePointAlert, view(new Set<CardVerb>(['alert.details'])));
    assert.equal('refresh' in without, false);
    const none = renderAlertCard(bareAlert, view(new Set()));
    assertValid(none);
    assert.equal('actions' in none, false);
  });

  it('lists refreshUserIds as refresh.userIds (per-user views for those people only), schema-valid', () => {
    const ids = ['29:1-sam', '29:1-rui'];
    const card = renderAlertCard(sharePointAlert, { ...view(REFRESH_ONLY), refreshUserIds: ids });
    assertValid(card);
    assert.deepEqual((card.refresh as Json).userIds, ids);
    const none = renderAlertCard(sharePointAlert, { ...view(REFRESH_ONLY), refreshUserIds: [] });
    assert.deepEqual((none.refresh as Json).userIds, [], 'an empty list: nobody refreshes by themselves');
  });

  it('keeps the main verbs, Details among them, on top and folds the rest into More…', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    const top = card.actions as Json[];
    assert.deepEqual(
      top.map((a) => a.title),
      ['Assign to me', 'Details', 'Investigate', 'Classify', 'More…'],
    );
    const more = top[4]?.card as Json;
    for (const row of more.body as Json[]) assert.ok((row.actions as unknown[]).length <= 4);
  });

  it('builds the input sub-cards the verbs table asks for, one input group per sub-card', () => {
    const card = renderAlertCard(sharePointAlert, {
      ...view(ALL),
      assigneeChoices: [{ title: 'Sam Analyst', value: 'a0000000-0000-4000-8000-000000000002' }],
    });
    const expected: Record<string, string[]> = {
      'alert.classify': ['determination', 'comment', 'resolve'],
      'alert.setStatus': ['status', 'comment'],
      'alert.comment': ['comment'],
      'alert.assign': ['assignee'],
      'alert.remediate': ['action'],
    };
    // Leaf show-cards hold inputs and exactly one verb; Classify nests one such card per classification.
    const leaves = nodesOfType(card, 'Action.ShowCard').filter((s) => s.title !== 'More…' && s.title !== 'Classify');
    assert.equal(leaves.length, Object.keys(expected).length - 1 + 3);
    for (const showCard of leaves) {
      const sub = showCard.card as Json;
      const subVerbs = [...verbsIn(sub)];
      assert.equal(subVerbs.length, 1);
      assert.deepEqual(inputIds(sub), expected[subVerbs[0] as string]);
    }
    // Inputs never sit in the root body or in More…, so simple buttons never gather or validate them.
    assert.deepEqual(inputIds(card.body), []);

    const inputs = nodes(card).filter((n) => String(n.type).startsWith('Input.'));
    const comment = inputs.find((i) => i.id === 'comment' && i.isRequired === true && i.label === 'Comment');
    assert.equal(comment?.isMultiline, true);
    assert.equal(comment?.maxLength, 30000);
    assert.ok(typeof comment?.errorMessage === 'string');
    const assignee = inputs.find((i) => i.id === 'assignee')!;
    assert.deepEqual(
      (assignee.choices as Json[]).map((c) => c.value),
      ['a0000000-0000-4000-8000-000000000002'],
    );
    assert.equal(
      assignee['choices.data'],
      undefined,
      'only the offered people: no people picker (it lists everyone, by Teams member id)',
    );
    assertValid(card);
    assert.deepEqual(
      inputs.filter((i) => i.id === 'status').flatMap((i) => (i.choices as Json[]).map((c) => c.value)),
      ['new', 'inProgress', 'resolved'],
    );
    const statusTitles = (inputs.find((i) => i.id === 'status')?.choices as Json[]).map((c) => c.title);
    assert.deepEqual(statusTitles, ['New', 'In progress', 'Resolved']);
  });

  it('offers only the determinations valid for each classification, and requires a comment for a false positive', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    const classify = nodesOfType(card, 'Action.ShowCard').find((s) => s.title === 'Classify')!;
    const byClassification = new Map<string, Json>();
    for (const sub of nodesOfType(classify.card, 'Action.ShowCard')) {
      const execute = executeActions(sub.card)[0]!;
      byClassification.set(String((execute.data as Json).classification), sub.card as Json);
    }
    const determinationsOf = (c: string) =>
      (nodes(byClassification.get(c)).find((n) => n.id === 'determination')!.choices as Json[]).map((x) => x.value);
    assert.deepEqual(determinationsOf('truePositive'), [
      'maliciousUserActivity',
      'compromisedAccount',
      'multiStagedAttack',
      'other',
    ]);
    assert.deepEqual(determinationsOf('falsePositive'), ['notMalicious', 'notEnoughDataToValidate', 'other']);
    assert.deepEqual(determinationsOf('informationalExpectedActivity'), [
      'confirmedActivity',
      'lineOfBusinessApplication',
      'securityTesting',
      'other',
    ]);
    for (const docOnly of ['compromisedUser', 'clean', 'insufficientData', 'confirmedUserActivity']) {
      assert.ok(
        ![...byClassification.keys()].some((c) => determinationsOf(c).includes(docOnly)),
        `${docOnly} is not an SDK value`,
      );
    }
    const fpComment = nodes(byClassification.get('falsePositive')).find((n) => n.id === 'comment')!;
    assert.equal(fpComment.isRequired, true);
    const tpComment = nodes(byClassification.get('truePositive')).find((n) => n.id === 'comment')!;
    assert.equal(tpComment.isRequired, false);
  });

  it('asks for a user principal name when there are no people to choose from', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    const assignee = nodes(card).find((n) => n.id === 'assignee')!;
    assert.equal(assignee.type, 'Input.Text');
    assertValid(card);
  });

  it('pre-selects the current classification, determination and status', () => {
    const card = renderAlertCard(resolvedAlert, view(ALL));
    const input = (id: string) => nodes(card).find((n) => n.id === id && String(n.type).startsWith('Input.'));
    const determinations = nodes(card).filter((n) => n.id === 'determination');
    assert.deepEqual(
      determinations.map((d) => d.value),
      ['', 'notMalicious', ''],
      'the false-positive sub-card pre-selects the current determination',
    );
    assert.equal(input('status')?.value, 'resolved');
  });

  it('shows the severity as a badge: its name on a container coloured by severity', () => {
    const cases: Array<[Alert['severity'], string]> = [
      ['high', 'attention'],
      ['medium', 'warning'],
      ['low', 'accent'],
      ['informational', 'emphasis'],
      ['unknown', 'emphasis'],
    ];
    for (const [severity, style] of cases) {
      const card = renderAlertCard(baseAlert({ severity }), view(REFRESH_ONLY));
      const badge = nodesOfType(card, 'Container').find((c) => textsOf(c).some((t) => t.endsWith(' severity')));
      assert.equal(badge?.style, style, severity);
    }
  });

  it('shows statuses with their one name', () => {
    assert.equal(fact(renderAlertCard(sharePointAlert, view(ALL)), 'Status'), 'New');
    assert.equal(fact(renderAlertCard(exchangeAlert, view(ALL)), 'Status'), 'In progress');
    assert.equal(fact(renderAlertCard(resolvedAlert, view(ALL)), 'Status'), 'Resolved');
  });

  it('fills the facts of a SharePoint file alert', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    assert.deepEqual(textsOf(card).slice(0, 4), [
      'High severity',
      'DLP policy match: credit card numbers shared externally',
      'SharePoint · PCI-DSS external sharing · High volume of card numbers',
      'ID: dl0123456789abcdef',
    ]);
    assert.equal(fact(card, 'Assigned to'), 'Unassigned');
    assert.equal(fact(card, 'Classification'), 'Not classified');
    assert.equal(fact(card, 'Detected'), 'Nov 23, 2026, 2:05 PM UTC (3 hr. ago)');
    assert.equal(fact(card, 'User'), 'Alice Wong (alice@contoso.com)');
    assert.equal(
      fact(card, 'File'),
      'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Q3 card export.xlsx',
    );
    assert.equal(
      fact(card, 'Sensitive info'),
      'Credit Card Number ×27 (high confidence), International Banking Account Number (IBAN) ×3',
    );
    assert.equal(fact(card, 'Comments'), '4');
    assert.equal(fact(card, 'Message'), undefined);
    assert.equal(fact(card, 'Device'), undefined);
  });

  it('channel (summary) cards leave out the subject, file path, message, device and sensitive info types', () => {
    for (const alert of [sharePointAlert, exchangeAlert, endpointAlert]) {
      const card = renderAlertCard(alert, { actions: ALL, now: NOW, i18n });
      for (const title of ['User', 'Message', 'Device', 'Sensitive info'])
        assert.equal(fact(card, title), undefined, title);
      const json = JSON.stringify(card);
      for (const secret of [
        'alice@contoso.com',
        'Alice Wong',
        'bob@contoso.com',
        'Credit Card Number',
        'sites/Finance',
        'LAPTOP-42',
      ]) {
        assert.ok(!json.includes(secret), `${secret} is not on the channel card`);
      }
    }
    assert.equal(
      fact(renderAlertCard(sharePointAlert, { actions: ALL, now: NOW, i18n }), 'File'),
      'Q3 card export.xlsx',
    );
  });

  it('shows matched content only in the full view and only when asked', () => {
    const alert = { ...sharePointAlert, matchedContent: ['card 4111 1111 1111 1111 exp 12/28'] };
    const has = (v: AlertCardView) => JSON.stringify(renderAlertCard(alert, v)).includes('4111 1111');
    assert.equal(has({ actions: ALL, now: NOW, detail: 'full', showMatchedContent: true, i18n }), true);
    assert.equal(has({ actions: ALL, now: NOW, detail: 'full', i18n }), false);
    assert.equal(has({ actions: ALL, now: NOW, showMatchedContent: true, i18n }), false);
    assert.deepEqual(
      validateAdaptiveCard(
        renderAlertCard(alert, { actions: ALL, now: NOW, detail: 'full', showMatchedContent: true, i18n }),
      ),
      [],
    );
  });

  it('shows message and device facts only when present', () => {
    const mail = renderAlertCard(exchangeAlert, view(ALL));
    assert.equal(fact(mail, 'Message'), 'Customer list · 3 recipients');
    assert.equal(fact(mail, 'User'), 'bob@contoso.com');
    assert.equal(fact(mail, 'Assigned to'), 'analyst@contoso.com');
    assert.equal(fact(mail, 'File'), undefined);
    const device = renderAlertCard(endpointAlert, view(ALL));
    assert.equal(fact(device, 'Device'), 'LAPTOP-42.contoso.local (Windows11)');
    const bare = renderAlertCard(bareAlert, view(ALL));
    for (const title of ['User', 'File', 'Message', 'Device', 'Sensitive info'])
      assert.equal(fact(bare, title), undefined, title);
    assert.equal(fact(bare, 'Status'), 'Unknown');
    assert.equal(fact(bare, 'Detected'), 'unknown date (unknown age)');
    assert.equal(fact(bare, 'Comments'), '0');
    assert.ok(textsOf(bare).includes('Untitled DLP alert'));
  });

  it('describes the classification and determination in plain words', () => {
    assert.equal(fact(renderAlertCard(resolvedAlert, view(ALL)), 'Classification'), 'False positive · Not malicious');
    const tp = baseAlert({ classification: 'truePositive', determination: 'unknown' });
    assert.equal(fact(renderAlertCard(tp, view(ALL)), 'Classification'), 'True positive');
  });

  it('shows the latest three comments, newest first, first line only, cut at ~120 chars', () => {
    const card = renderAlertCard(sharePointAlert, view(ALL));
    const all = textsOf(card.body);
    const start = all.indexOf('Latest comments');
    assert.ok(start > 0);
    const lines = all.slice(start + 1);
    assert.deepEqual(
      lines.filter((_, i) => i % 2 === 0),
      ['Erin · 30 min. ago', 'Dan · 1 hr. ago', 'Carol · 2 hr. ago'],
    );
    const [erin, dan] = [lines[1] ?? '', lines[3] ?? ''];
    assert.ok(erin.length <= 120 && erin.endsWith('…'), erin);
    assert.equal(dan, 'Third, multi-line');
    assert.equal(JSON.stringify(card).includes('Oldest comment'), false);
    assert.equal(textsOf(renderAlertCard(exchangeAlert, view(ALL))).includes('Latest comments'), false);
  });

  it('renders the notice at the top, coloured by tone', () => {
    for (const [tone, color] of [
      ['info', 'Default'],
      ['warning', 'Accent'],
      ['error', 'Accent'],
    ] as const) {
      const card = renderAlertCard(
        sharePointAlert,
        view(ALL, { text: 'This card was out of date; showing the latest.', tone }),
      );
      assertValid(card);
      const first = (card.body as Json[])[0];
      assert.equal(first?.type, 'TextBlock');
      assert.equal(first?.text, 'This card was out of date; showing the latest.');
      assert.equal(first?.color, color);
    }
    const plain = renderAlertCard(sharePointAlert, view(ALL));
    assert.deepEqual(textsOf((plain.body as Json[])[0]), ['High severity'], 'without a notice, the badges come first');
  });

  it('offers only the remediations the evidence supports', () => {
    const remediations = (alert: Alert) => {
      const choiceSet = nodes(renderAlertCard(alert, view(ALL))).find((n) => n.id === 'action');
      return choiceSet ? (choiceSet.choices as Json[]).map((c) => c.value) : [];
    };
    assert.deepEqual(remediations(sharePointAlert), [
      'disableUser',
      'revokeSessions',
      'removeSharingLinks',
      'applySensitivityLabel',
      'applyRetentionLabel',
      'deleteFile',
    ]);
    assert.deepEqual(remediations(resolvedAlert), [
      'disableUser',
      'revokeSessions',
      'removeSharingLinks',
      'applySensitivityLabel',
      'applyRetentionLabel',
      'deleteFile',
    ]);
    assert.deepEqual(remediations(exchangeAlert), ['disableUser', 'revokeSessions']);
    // A file on an endpoint is not a SharePoint/OneDrive file: no file actions.
    assert.deepEqual(remediations(endpointAlert), ['disableUser', 'revokeSessions', 'isolateDevice']);
    assert.deepEqual(remediations(bareAlert), []);
    assert.equal(verbsIn(renderAlertCard(bareAlert, view(ALL))).has('alert.remediate'), false);
  });

  it('neutralises markdown and template syntax in alert data and shortens the 2,000-char title', () => {
    const card = renderAlertCard(nastyAlert, view(ALL));
    assertValid(card);
    const title = textsOf(card)[1] ?? '';
    assert.ok(title.length < 400, `title is ${title.length} chars`);
    assert.ok(title.startsWith('1\\. \\*\\*Bold\\*\\* \\[click me\\]'), title);
    assert.ok(title.includes('${alertId}'), 'data is not re-evaluated as a template');
    for (const text of [...textsOf(card), ...Object.values(factsOf(card))]) {
      assert.equal(/(^|[^\\])\[[^\]]*[^\\]\]\(/.test(text), false, `live markdown link in ${text}`);
    }
    assert.equal(fact(card, 'User'), '\\*Mallory\\* (mallory@contoso.com)');
    assert.equal(fact(card, 'File'), 'a\\_b\\_\\[c\\](d).txt');
  });

  it('stays under 28 KB serialized for a very big alert', () => {
    const size = Buffer.byteLength(JSON.stringify(renderAlertCard(bigAlert, view(ALL))), 'utf8');
    assert.ok(size < 28 * 1024, `${size} bytes`);
    const sit = fact(renderAlertCard(bigAlert, view(ALL)), 'Sensitive info') ?? '';
    assert.ok(sit.endsWith(', +52 more'), sit.slice(-40));
  });

  it('returns fresh objects: mutating one card does not change the next', () => {
    const first = renderAlertCard(sharePointAlert, view(ALL));
    const expected = JSON.stringify(first);
    for (const node of nodes(first)) for (const key of Object.keys(node)) delete node[key];
    assert.equal(JSON.stringify(renderAlertCard(sharePointAlert, view(ALL))), expected);
  });

  it('renders notice cards for invoke errors', () => {
    for (const [tone, color] of [
      ['info', 'Default'],
      ['warning', 'Accent'],
      ['error', 'Accent'],
    ] as const) {
      const card = renderNoticeCard('Could not classify', 'Someone changed this alert. Refresh and try again.', tone);
      assertValid(card);
      assert.deepEqual(textsOf(card), ['Could not classify', 'Someone changed this alert. Refresh and try again.']);
      assert.equal(nodesOfType(card, 'TextBlock')[0]?.color, color);
    }
  });
});

describe('card schema helper', () => {
  const ok = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hi <at>Ann</at>' }] };

  it('accepts a valid card and checks msteams separately', () => {
    assert.deepEqual(validateAdaptiveCard(ok), []);
    const mention = { type: 'mention', text: '<at>Ann</at>', mentioned: { id: 'ann@contoso.com', name: 'Ann' } };
    assert.deepEqual(validateAdaptiveCard({ ...ok, msteams: { width: 'Full', entities: [mention] } }), []);
    assert.equal(validateAdaptiveCard({ ...ok, msteams: { width: 'Wide' } }).length, 1);
    const ghost = { ...mention, text: '<at>Ghost</at>' };
    assert.equal(validateAdaptiveCard({ ...ok, msteams: { entities: [ghost] } }).length, 1);
    assert.equal(validateAdaptiveCard({ ...ok, msteams: { entities: [{ type: 'hashtag' }] } }).length, 1);
  });

  it('rejects bad cards, wrong type and wrong version', () => {
    assert.ok(validateAdaptiveCard({ ...ok, body: [{ type: 'Bogus' }] }).length > 0);
    assert.ok(validateAdaptiveCard({ ...ok, actions: [{ type: 'Action.Execute', verb: 'x', extra: 1 }] }).length > 0);
    assert.ok(validateAdaptiveCard({ ...ok, version: '1.6' }).length > 0);
    assert.ok(validateAdaptiveCard({ body: [] }).length > 0);
    assert.ok(validateAdaptiveCard([]).length > 0);
  });
});
