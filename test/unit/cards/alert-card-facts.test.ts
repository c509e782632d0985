import { strict as assert } from 'node:assert';
import { renderAlertCard, type AlertCardView } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import type { Alert } from '../../../src/triage/alert.js';
import { factsOf } from '../../support/card-facts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { nodes, textsOf } from '../../support/card-tree.js';
import { alertWith } from '../../support/alerts.js';
import { Messages } from '../../../src/i18n/messages.js';

/*
 * The facts that decide triage, first on the card: what the policy did, who (name, department), what
 * data (sensitive types with counts and confidence), where it went (recipients, external domains, the
 * sharing scope), and "Not provided by Graph" where the backend has no field for a fact.
 */

const NOW = new Date('2026-11-23T17:10:00Z');
const ALL = new Set<CardVerb>(CARD_VERBS);
const i18n = new Messages().translator({ locale: 'en-US' });
const full = (): AlertCardView => ({ actions: ALL, now: NOW, detail: 'full', i18n });
const summary = (): AlertCardView => ({ actions: new Set<CardVerb>(['alert.refresh']), now: NOW, i18n });

const base = (extra: Partial<Alert> = {}): Alert =>
  alertWith('dl5a1b2c3d-0000-4000-8000-00000000abcd', {
    title: 'DLP policy (Contoso PCI - External Sharing) matched for document (Q1.xlsx) in SharePoint',
    createdAt: '2026-11-23T14:05:00Z',
    policyName: 'Contoso PCI - External Sharing',
    ruleName: 'Credit card numbers shared externally (high volume)',
    subject: {
      id: 'b0000000-0000-4000-8000-000000000001',
      displayName: 'Lena Fischer',
      userPrincipalName: 'lena.fischer@contoso.example',
      department: 'Finance',
    },
    file: { name: 'Q1.xlsx' },
    sensitiveInfoTypes: [
      { name: 'Credit Card Number', count: 27, confidence: 'high' },
      { name: 'EU Debit Card Number', count: 3, confidence: 'medium' },
      { name: 'IBAN', count: 1 },
    ],
    destination: {
      recipients: ['j.doe@fabrikam-partners.com', 'ap@tailspin-toys.com'],
      externalDomains: ['fabrikam-partners.com', 'tailspin-toys.com'],
      scope: 'external',
    },
    policyOutcome: { action: 'blocked', overridden: false },
    ...extra,
  });

const fact = (alert: Alert, title: string, view: AlertCardView = full()) =>
  factsOf(renderAlertCard(alert, view))[title];

describe('alert card: the facts that decide triage', () => {
  it('says what the policy did: blocked', () => {
    assert.equal(fact(base(), 'Policy action'), 'Blocked');
  });

  it('blocked with override shows that the user overrode it and their justification, escaped', () => {
    const alert = base({
      policyOutcome: {
        action: 'blockedWithOverride',
        overridden: true,
        justification: 'Travel agency needs *passport* details [now](https://evil.example)',
      },
    });
    assert.equal(
      fact(alert, 'Policy action'),
      'Blocked with override · overridden by the user: “Travel agency needs \\*passport\\* details \\[now\\](https://evil.example)”',
    );
    const notUsed = base({ policyOutcome: { action: 'blockedWithOverride', overridden: false } });
    assert.equal(fact(notUsed, 'Policy action'), 'Blocked with override · not overridden');
  });

  it('warned (policy tip) and audit only', () => {
    assert.equal(
      fact(base({ policyOutcome: { action: 'warned', overridden: false } }), 'Policy action'),
      'Warned (policy tip)',
    );
    assert.equal(
      fact(base({ policyOutcome: { action: 'auditOnly', overridden: false } }), 'Policy action'),
      'Audit only',
    );
  });

  it('names the user with their department', () => {
    assert.equal(fact(base(), 'User'), 'Lena Fischer (lena.fischer@contoso.example)');
    assert.equal(fact(base(), 'Department'), 'Finance');
  });

  it('lists the sensitive information types with counts and confidence', () => {
    assert.equal(
      fact(base(), 'Sensitive info'),
      'Credit Card Number ×27 (high confidence), EU Debit Card Number ×3 (medium confidence), IBAN ×1',
    );
  });

  it('shows where it went: the recipients and the external domains with the sharing scope', () => {
    assert.equal(fact(base(), 'Went to'), 'j.doe@fabrikam-partners.com, ap@tailspin-toys.com');
    assert.equal(fact(base(), 'Sharing'), 'External · fabrikam-partners.com, tailspin-toys.com');
    const many = base({
      destination: {
        recipients: Array.from({ length: 9 }, (_, i) => `r${i}@fabrikam.com`),
        externalDomains: ['fabrikam.com'],
        scope: 'external',
      },
    });
    assert.equal(
      fact(many, 'Went to'),
      'r0@fabrikam.com, r1@fabrikam.com, r2@fabrikam.com, r3@fabrikam.com, r4@fabrikam.com, +4 more',
    );
  });

  it('names the sharing scope: anonymous link, external, internal', () => {
    const anyone = base({ destination: { recipients: [], externalDomains: [], scope: 'anonymous' } });
    assert.equal(fact(anyone, 'Sharing'), 'Anonymous link (anyone with the link)');
    assert.equal(fact(anyone, 'Went to'), undefined, 'no recipients: no empty row');
    const inside = base({
      destination: { recipients: ['kim@contoso.example'], externalDomains: [], scope: 'internal' },
    });
    assert.equal(fact(inside, 'Sharing'), 'Internal only');
  });

  it('shows the device target of an endpoint activity and its external domain', () => {
    const usb = base({
      destination: {
        recipients: [],
        externalDomains: [],
        target: { kind: 'removableMedia', name: 'SanDisk Ultra USB 3.0' },
      },
    });
    assert.equal(fact(usb, 'Went to'), 'SanDisk Ultra USB 3.0 (removable media)');
    assert.equal(fact(usb, 'Sharing'), undefined);
    const upload = base({
      destination: {
        recipients: [],
        externalDomains: ['wetransfer.com'],
        scope: 'external',
        target: { kind: 'cloudService', name: 'wetransfer.com' },
      },
    });
    assert.equal(fact(upload, 'Went to'), 'wetransfer.com (cloud upload)');
    assert.equal(fact(upload, 'Sharing'), 'External · wetransfer.com');
  });

  it('says "Not provided by Graph" for each fact the backend has no field for', () => {
    const graphAlert = base({
      subject: { id: 'u1', displayName: 'Lena Fischer', userPrincipalName: 'lena.fischer@contoso.example' },
      sensitiveInfoTypes: [],
      destination: undefined,
      policyOutcome: undefined,
      notProvided: ['department', 'sensitiveInfoTypes', 'destination', 'policyOutcome'],
    });
    const facts = factsOf(renderAlertCard(graphAlert, full()));
    for (const title of ['Department', 'Sensitive info', 'Went to', 'Policy action'])
      assert.equal(facts[title], 'Not provided by Graph', title);
    assert.equal(facts.Sharing, undefined);
  });

  it('leads with the triage facts: policy action, user, data and destination come before status and assignee', () => {
    const titles = Object.keys(factsOf(renderAlertCard(base(), full())));
    const at = (t: string) => titles.indexOf(t);
    for (const first of ['Policy action', 'User', 'Sensitive info', 'Went to', 'Sharing'])
      for (const later of ['Status', 'Assigned to', 'Detected'])
        assert.ok(at(first) >= 0 && at(first) < at(later), `${first} before ${later}: ${titles.join(', ')}`);
  });

  it('the channel summary shows what the policy did but not who, what data or where, nor the justification', () => {
    const alert = base({
      policyOutcome: { action: 'blockedWithOverride', overridden: true, justification: 'For the offsite' },
    });
    const card = renderAlertCard(alert, summary());
    const facts = factsOf(card);
    assert.equal(facts['Policy action'], 'Blocked with override · overridden by the user');
    for (const title of ['User', 'Department', 'Sensitive info', 'Went to', 'Sharing'])
      assert.equal(facts[title], undefined, title);
    const json = JSON.stringify(card);
    for (const secret of ['For the offsite', 'Finance', 'fabrikam-partners', 'Lena', 'Credit Card'])
      assert.ok(!json.includes(secret), `${secret} is not on the summary`);
  });

  it('does not repeat in the subtitle what the title already says', () => {
    const texts = textsOf(renderAlertCard(base(), full()));
    assert.ok(texts.includes('Credit card numbers shared externally (high volume)'), texts.join('\n'));
    assert.ok(!texts.some((t) => t.includes('SharePoint ·') || t.includes('· Contoso PCI')), texts.join('\n'));
    const other = base({ title: 'Card numbers leaving the company', workload: 'Exchange' });
    assert.ok(
      textsOf(renderAlertCard(other, full())).includes(
        'Exchange · Contoso PCI - External Sharing · Credit card numbers shared externally (high volume)',
      ),
    );
  });

  it('shows the alert id as copyable monospace text', () => {
    for (const view of [full(), summary()]) {
      const card = renderAlertCard(base(), view);
      const id = nodes(card).find(
        (n) => n.type === 'TextBlock' && n.text === 'ID: dl5a1b2c3d-0000-4000-8000-00000000abcd',
      );
      assert.ok(id, 'an "ID: <id>" line');
      assert.equal(id.fontType, 'Monospace');
      assert.equal(id.wrap, true);
    }
  });

  it('shows severity as a badge: a coloured container with the severity in words', () => {
    const cases: Array<[Alert['severity'], string, string]> = [
      ['high', 'attention', 'High severity'],
      ['medium', 'warning', 'Medium severity'],
      ['low', 'accent', 'Low severity'],
      ['informational', 'emphasis', 'Informational severity'],
      ['unknown', 'emphasis', 'Unknown severity'],
    ];
    for (const [severity, style, text] of cases) {
      const card = renderAlertCard(base({ severity }), summary());
      const badge = nodes(card).find((n) => n.type === 'Container' && textsOf(n).includes(text));
      assert.ok(badge, `${severity}: a badge saying "${text}"`);
      assert.equal(badge.style, style, severity);
    }
  });

  it('every variant is a valid Adaptive Card 1.5', () => {
    const variants: Alert[] = [
      base(),
      base({ policyOutcome: { action: 'blockedWithOverride', overridden: true, justification: 'x'.repeat(3000) } }),
      base({
        notProvided: ['department', 'sensitiveInfoTypes', 'destination', 'policyOutcome'],
        destination: undefined,
        policyOutcome: undefined,
      }),
      base({
        destination: { recipients: [], externalDomains: [], target: { kind: 'printer', name: 'NYC-PRN-EXEC-02' } },
      }),
    ];
    for (const alert of variants)
      for (const view of [full(), summary()]) assert.deepEqual(validateAdaptiveCard(renderAlertCard(alert, view)), []);
  });
});
