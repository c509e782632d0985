import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/logger.js';
import { SharePage } from '../../../src/share/share-page.js';
import { NOT_FOUND_PAGE, PAGE_HEADERS, renderSharedAlertPage } from '../../../src/share/shared-alert-page.js';
import type { Alert } from '../../../src/triage/alert.js';
import type { SharedAlert } from '../../../src/triage/share/share-service.js';
import { escapeHtml } from '../../support/html.js';

const alert: Alert = {
  id: 'dl-page-1',
  title:
    'Customer export <img src=x onerror=alert(1)> & "quotes" of Q1-reconciliation.xlsx by lena.fischer@contoso.example',
  description: 'A file containing Credit Card Number was shared with fabrikam.',
  severity: 'high',
  status: 'inProgress',
  classification: 'truePositive',
  determination: 'maliciousUserActivity',
  assignedTo: 'sam.analyst@contoso.example',
  createdAt: '2026-11-20T09:15:00.1234567Z',
  lastUpdatedAt: '2026-11-23T10:00:00Z',
  policyName: 'PCI external sharing',
  ruleName: 'High volume',
  workload: 'SharePoint',
  subject: {
    id: 'b0000000-0000-4000-8000-000000000001',
    userPrincipalName: 'lena.fischer@contoso.example',
    displayName: 'Lena Fischer',
  },
  file: {
    name: 'Q1-reconciliation.xlsx',
    path: 'https://contoso.sharepoint.com/sites/Finance',
    url: 'https://contoso.sharepoint.com/sites/Finance/Q1-reconciliation.xlsx',
  },
  message: { subject: 'Secret list', recipients: ['x@fabrikam.example'] },
  device: { name: 'LAPTOP-42' },
  sensitiveInfoTypes: [{ name: 'Credit Card Number', count: 27 }],
  matchedContent: ['4111 1111 1111 1111'],
  comments: [
    {
      text: 'Called Lena Fischer about it; she forwarded it to lena.private@gmail.example as well',
      author: 'emma.analyst@contoso.example',
      createdAt: '2026-11-22T08:00:00Z',
    },
    {
      text: 'First comment: Lena says the export was for the auditors',
      author: 'sam.analyst@contoso.example',
      createdAt: '2026-11-21T08:00:00Z',
    },
  ],
  portalUrl: 'https://security.microsoft.com/alerts/dl-page-1',
  tenantId: '11111111-2222-4333-8444-555555555555',
};
const shared: SharedAlert = { alert, expiresAt: '2026-11-30T14:05:00.000Z' };

describe('share page HTML', () => {
  const html = renderSharedAlertPage(shared);

  it('shows the title (file name and e-mail hidden), severity, status, classification, assignee, dates, policy and how many comments', () => {
    for (const text of [
      '<h1>Customer export &#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34; of [hidden] by [hidden]</h1>',
      '<title>Customer export &#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34; of [hidden] by [hidden]</title>',
      'High severity',
      '<dd>In progress</dd>',
      'True positive · Malicious user activity',
      'sam.analyst@contoso.example',
      '20 Nov 2026, 09:15 UTC',
      'SharePoint · PCI external sharing · High volume',
      '<dt>Comments</dt><dd>2, latest 22 Nov 2026, 08:00 UTC (their text is shown in Teams only)</dd>',
      'expires 30 Nov 2026, 14:05 UTC',
    ]) {
      assert.ok(html.includes(text), `page shows ${JSON.stringify(text)}`);
    }
  });

  it('never shows subject, file, message, device, sensitive information types, matched content, the description or comment text', () => {
    for (const secret of [
      'Lena',
      'lena.',
      'Fischer',
      'Q1-reconciliation',
      'xlsx',
      'sharepoint.com',
      'Secret list',
      'fabrikam',
      'gmail',
      'LAPTOP-42',
      'Credit Card Number',
      '4111',
      'security.microsoft.com',
      'auditors',
      'forwarded',
      'emma.analyst',
    ]) {
      assert.ok(!html.includes(secret), `page leaks ${secret}`);
    }
  });

  it("hides file names, paths, URLs, UPNs and e-mail addresses of any shape in titles, and the alert's own user and file however written", () => {
    const cases: [string, string][] = [
      [
        'DLP policy (U.S. Financial Data) matched for document (Payroll-March-2026.xlsx) in SharePoint',
        'DLP policy (U.S. Financial Data) matched for document ([hidden]) in SharePoint',
      ],
      ["Upload of 'Q1 card reconciliation v2.xlsx' to a personal site", "Upload of '[hidden]' to a personal site"],
      ['File C:\\Users\\lfischer\\Desktop\\cards.csv copied to USB', 'File [hidden] copied to USB'],
      ['Shared https://contoso.sharepoint.com/sites/x?id=1 externally', 'Shared [hidden] externally'],
      ['Mail from someone@fabrikam.example and CONTOSO\\lfischer', 'Mail from [hidden] and [hidden]'],
      ['LENA FISCHER shared q1-RECONCILIATION with lena', '[hidden] shared [hidden] with [hidden]'],
      ['Release v1.2 matched on 3.5 MB upload', 'Release v1.2 matched on 3.5 MB upload'],
    ];
    for (const [title, shown] of cases) {
      const page = renderSharedAlertPage({ alert: { ...alert, title }, expiresAt: shared.expiresAt });
      assert.ok(page.includes(`<h1>${escapeHtml(shown)}</h1>`), `${title} → ${/<h1>(.*)<\/h1>/.exec(page)?.[1]}`);
    }
  });

  it('is self-contained: no script, no URL, no markup from the alert; the inline style matches the CSP hash', () => {
    assert.doesNotMatch(html, /<script|<img|<link|<iframe|https?:\/\//i);
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1];
    assert.ok(style);
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    assert.ok(PAGE_HEADERS['Content-Security-Policy']!.includes(`'sha256-${hash}'`));
    assert.equal(
      PAGE_HEADERS['Content-Security-Policy'],
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    assert.equal(
      NOT_FOUND_PAGE.match(/<style>[\s\S]*<\/style>/)?.[0],
      `<style>${style}</style>`,
      'the 404 page uses the same style',
    );
  });
});

describe('SharePage', () => {
  function capture() {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => (text += String(d)));
    return { log: createLogger('debug', stream), text: () => text };
  }

  it('200 with the page for a working link; one identical 404 for any other; the same headers on both', async () => {
    const { log } = capture();
    const page = new SharePage({ open: async (token) => (token === 'good' ? shared : undefined) }, log);
    const ok = await page.answer('good');
    assert.equal(ok.status, 200);
    assert.ok(ok.body.includes('High severity'));
    const misses = await Promise.all(['forged', 'tampered', 'expired', ''].map((t) => page.answer(t)));
    for (const miss of misses) {
      assert.deepEqual(miss, { status: 404, headers: PAGE_HEADERS, body: NOT_FOUND_PAGE });
    }
    assert.deepEqual(ok.headers, PAGE_HEADERS);
    assert.equal(PAGE_HEADERS['Cache-Control'], 'no-store');
    assert.equal(PAGE_HEADERS['X-Robots-Tag'], 'noindex, nofollow');
    assert.equal(PAGE_HEADERS['Referrer-Policy'], 'no-referrer');
    assert.equal(PAGE_HEADERS['X-Content-Type-Options'], 'nosniff');
    assert.equal(PAGE_HEADERS['Content-Type'], 'text/html; charset=utf-8');
    // The same words whatever went wrong: nothing says which check failed.
    assert.doesNotMatch(NOT_FOUND_PAGE, /forged|tampered|tenant|signature/i);
  });

  it('503 when the alert cannot be read, logged without the token', async () => {
    const { log, text } = capture();
    const page = new SharePage({ open: async () => Promise.reject(new Error('lowdb read failed')) }, log);
    const answer = await page.answer('v1.c2VjcmV0LXBheWxvYWQ.bWFjLW1hYy1tYWM');
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.headers, PAGE_HEADERS);
    await new Promise((r) => setImmediate(r));
    assert.match(text(), /share page failed/);
    assert.ok(!text().includes('c2VjcmV0LXBheWxvYWQ'));
  });
});
