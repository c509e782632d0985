import { createHash } from 'node:crypto';
import type { Alert } from '../triage/alert.js';
import {
  CLASSIFICATION_LABEL as CLASSIFICATION,
  SEVERITY_LABEL as SEVERITY,
  STATUS_LABEL as STATUS,
  formatUtc,
} from '../triage/alert-labels.js';
import type { SharedAlert } from '../triage/share/share-service.js';
import { HIDDEN, redactForSharePage } from './share-page-redaction.js';

/**
 * The HTML of the read-only share page: self-contained (one inline style, no scripts, images, fonts or
 * links out), every alert string escaped. It shows the triage state only — severity, status,
 * classification, assignee, dates, workload, policy and rule, the title with names of files and people
 * hidden (share-page-redaction.ts), and how many comments there are — never the subject, file, message,
 * device, sensitive information types, comment text or matched content. Comment text is left out rather
 * than redacted: free text can name anyone or quote anything, and no pattern can promise to catch it.
 */

/** What the page shows, in the words the sharer reads when the link is made (keep in step with the page). */
export const SHARE_PAGE_SHOWS =
  "Anyone with the link sees this alert's severity, status, classification, assignee, dates, policy and rule, its title with file names, paths, the user's name and e-mail addresses replaced by [hidden], and how many comments it has — never the user, the file, the message, the device, comment text or matched content.";

const STYLE = `
body{margin:0;background:#f5f5f5;color:#242424;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:46rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.35rem;margin:.25rem 0}
.sev{font-weight:600;font-size:.85rem;margin:0}.sev-high{color:#c4314b}.sev-medium{color:#c19c00}.sev-low{color:#0f6cbd}
.sub,footer{color:#616161;font-size:.85rem}.sub{margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:0}dt{font-weight:600}dd{margin:0}
footer{margin-top:1.5rem;border-top:1px solid #e0e0e0;padding-top:.75rem}
`;

const MAX_TITLE = 300;

/** Headers of every answer of the page, found or not. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
});

/** The page for a valid link. */
export function renderSharedAlertPage({ alert, expiresAt }: SharedAlert): string {
  const title = redactForSharePage(alert.title.trim().slice(0, MAX_TITLE), alert) || 'Untitled DLP alert';
  const facts: [string, string][] = [
    ['Status', STATUS[alert.status] ?? STATUS.unknown],
    ['Classification', classification(alert)],
    ['Assigned to', assignee(alert)],
    ['Detected', formatUtc(alert.createdAt)],
    ['Last updated', formatUtc(alert.lastUpdatedAt)],
    ...(alert.resolvedAt ? [['Resolved', formatUtc(alert.resolvedAt)] as [string, string]] : []),
    ['Comments', commentsFact(alert)],
  ];
  const severity = SEVERITY[alert.severity] ?? SEVERITY.unknown;
  const body = `
<p class="sev sev-${escapeHtml(alert.severity)}">${escapeHtml(severity)} severity</p>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(redactForSharePage([alert.workload, alert.policyName, alert.ruleName].filter(Boolean).join(' · '), alert))}</p>
<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<footer>A read-only view shared from DLP Triage. This link expires ${escapeHtml(formatUtc(expiresAt))}. It never shows the user, the file, the message, the device, comment text or matched content; names of files and people in the title are hidden.</footer>`;
  return page(title, body);
}

/** The one answer for every link that does not work, whatever the reason. */
export const NOT_FOUND_PAGE = page(
  'Not found',
  '\n<h1>Not found</h1>\n<p>This link does not work: it may have expired or been revoked. Ask the person who shared it for a new one.</p>',
);

/** The answer when the alert cannot be read right now. */
export const UNAVAILABLE_PAGE = page(
  'Temporarily unavailable',
  '\n<h1>Temporarily unavailable</h1>\n<p>This page cannot be shown right now. Try again in a minute.</p>',
);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>${body}
</main>
</body>
</html>
`;
}

/** The analyst it is assigned to; hidden in the odd case that this is the alert's own user. */
function assignee(alert: Alert): string {
  if (!alert.assignedTo) return 'Unassigned';
  return alert.assignedTo.toLowerCase() === alert.subject?.userPrincipalName?.toLowerCase() ? HIDDEN : alert.assignedTo;
}

/** How many comments, and when the latest was added; their text stays in Teams. */
function commentsFact(alert: Alert): string {
  if (alert.comments.length === 0) return 'None';
  const latest = Math.max(...alert.comments.map((c) => Date.parse(c.createdAt)).filter(Number.isFinite));
  const when = Number.isFinite(latest) ? `, latest ${formatUtc(new Date(latest).toISOString())}` : '';
  return `${alert.comments.length}${when} (their text is shown in Teams only)`;
}

function classification(alert: Alert): string {
  const base = CLASSIFICATION[alert.classification] ?? CLASSIFICATION.unknown;
  const determination = alert.determination && alert.determination !== 'unknown' ? humanize(alert.determination) : '';
  return alert.classification !== 'unknown' && determination ? `${base} · ${determination}` : base;
}

/** `maliciousUserActivity` → "Malicious user activity" (Graph's determination values are camelCase). */
function humanize(value: string): string {
  const words = value.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
