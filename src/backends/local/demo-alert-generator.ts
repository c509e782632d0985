import { SEVERITIES } from '../../triage/alert.js';
import { activityAround, sortActivity } from './local-seed-activity.js';
import { buildIncidents } from './local-seed-incidents.js';
import type { LocalActivityRow, LocalIncident, LocalTenant, LocalUser } from './local-tenant-schema.js';
import {
  PERSONAS,
  POLICIES,
  activityActor,
  buildAlert,
  graphTime,
  hashHex,
  type AlertContent,
  type PolicyKey,
  type SeedWorkload,
  type SitHit,
} from './local-seed.js';

/**
 * New DLP alerts for demos: same wire shape and builder as the seed, status `new`, unassigned, created `now`.
 * The content cycles deterministically through workloads, severities, policies and the tenant's employees;
 * the id also encodes `now`, so a restarted generator (sequence back at 0) never repeats an id.
 */

const WORKLOAD_CYCLE: SeedWorkload[] = ['SharePoint', 'Exchange', 'OneDrive', 'Teams', 'Endpoint'];
const POLICY_CYCLE = Object.keys(POLICIES) as PolicyKey[];

const FILES = [
  'Q2-forecast-card-refunds.xlsx',
  'customer-master-export.csv',
  'benefits-enrollment-2026.xlsx',
  'vendor-bank-details.docx',
  'release-pipeline-secrets.yaml',
  'new-hire-paperwork.pdf',
  'claims-backlog-review.xlsx',
  'merchant-settlement-report.pdf',
  'tax-return-workpapers.zip',
];
const SUBJECTS = [
  'Requested customer list',
  'Payment details for invoice 4471',
  'Updated employee records',
  'Access details for the staging environment',
  'FW: claim documents',
  'Quarter-end reconciliation',
];
const EXTERNAL = [
  'partner.ops@fabrikam-partners.com',
  'finance@wingtip-suppliers.de',
  'consulting@litware-consulting.com',
  'hello.me.2026@gmail.com',
  'shared-inbox@outlook.com',
  'accounts@tailspin-toys.com',
];
const SITES = ['Finance/Reports', 'Sales/Accounts', 'HR-EMEA/Records', 'Engineering-APAC/Platform', 'Benefits/Claims'];
const TEAMS = ['Project Falcon/General', 'Customer Escalations/Billing', undefined];
const ENDPOINT_TARGETS: [op: string, target: string][] = [
  ['FileCopiedToRemovableMedia', 'SanDisk Ultra USB 3.0'],
  ['FileUploadedToCloud', 'drive.google.com'],
  ['FilePrinted', 'HQ-PRN-07'],
  ['FileUploadedToCloud', 'wetransfer.com'],
];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** A bijection on 32-bit integers: distinct sequences give distinct id prefixes. */
function mix32(n: number): number {
  let x = n >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** GUID-like: the first group encodes the sequence, the last the epoch milliseconds of `now`. */
function demoGuid(sequence: number, nowMs: number): string {
  const h = hashHex(`demo-alert:${sequence}:${nowMs}`, 12);
  const variant = '89ab'[parseInt(h.charAt(7), 16) % 4];
  const time = Math.max(0, Math.trunc(nowMs)).toString(16).padStart(12, '0').slice(-12);
  return `${mix32(sequence).toString(16).padStart(8, '0')}-${h.slice(0, 4)}-4${h.slice(4, 7)}-${variant}${h.slice(8, 11)}-${time}`;
}

function demoSubjects(tenant: LocalTenant): LocalUser[] {
  const personaIds = new Set<string>(PERSONAS.map((p) => p.id));
  const enabled = tenant.directory.users.filter((u) => u.accountEnabled !== false);
  const employees = enabled.filter((u) => !personaIds.has(u.id));
  const subjects = employees.length ? employees : enabled;
  if (!subjects.length) throw new Error('demo alert: the tenant directory has no enabled users');
  return subjects;
}

/** The policy rule that fits the workload, the volume (severity) and the main sensitive information type. */
function ruleFor(c: Omit<AlertContent, 'r'>): number {
  switch (c.p) {
    case 'src':
      return c.w === 'Endpoint' || c.w === 'OneDrive' ? 1 : 0;
    case 'creds':
      return c.w === 'Exchange' ? 1 : 0;
    case 'hipaa':
      return c.w === 'Endpoint' ? 1 : 0;
    case 'gdpr':
      return c.sits[0]?.[0] === 'iban' || c.sits[0]?.[0] === 'eudebit' ? 1 : 0;
    default:
      return c.sev === 'high' ? 0 : 1;
  }
}

/** The compact spec of demo alert `sequence`. */
function demoContent(sequence: number): AlertContent {
  const c = demoContentWithoutRule(sequence);
  return { ...c, r: ruleFor(c) };
}

function demoContentWithoutRule(sequence: number): Omit<AlertContent, 'r'> {
  const s = Math.abs(Math.trunc(sequence));
  const w = pick(WORKLOAD_CYCLE, s);
  const p = pick(POLICY_CYCLE, Math.floor(s / WORKLOAD_CYCLE.length));
  const policySits = POLICIES[p].sits;
  const sits: SitHit[] = [[pick(policySits, s), 1 + ((s * 37) % 60)]];
  const second = pick(policySits, s + 1);
  if (s % 3 === 0 && second !== sits[0]![0]) sits.push([second, 1 + ((s * 11) % 25)]);
  const sev = pick(SEVERITIES, s);
  const to = [pick(EXTERNAL, s)];
  switch (w) {
    case 'SharePoint':
      return { w, p, sev, sits, file: pick(FILES, s), where: pick(SITES, s), to };
    case 'OneDrive':
      return { w, p, sev, sits, file: pick(FILES, s + 3), where: 'Documents', to };
    case 'Exchange':
      return { w, p, sev, sits, subj: pick(SUBJECTS, s), to };
    case 'Teams': {
      const where = pick(TEAMS, s);
      return { w, p, sev, sits, ...(where && s % 2 === 0 ? { file: pick(FILES, s + 5) } : {}), where, to };
    }
    case 'Endpoint': {
      const [op, where] = pick(ENDPOINT_TARGETS, s);
      const ovr = sev === 'medium' ? 'Needed offline for a customer meeting' : undefined;
      return { w, p, sev, sits, file: pick(FILES, s + 1), op, where, ...(ovr ? { ovr } : {}) };
    }
  }
}

/** A demo alert and what the tenant records with it: its (one-alert) incident and its user's activity. */
export interface DemoRecords {
  alert: Record<string, unknown>;
  incidents: LocalIncident[];
  activity: LocalActivityRow[];
}

/** Demo alert `sequence` at `now`, with its incident and a handful of its user's activity rows around it. */
export function makeDemoRecords(sequence: number, now: Date, tenant: LocalTenant): DemoRecords {
  const alert = makeDemoAlert(sequence, now, tenant);
  const user = pick(demoSubjects(tenant), Math.abs(Math.trunc(sequence)));
  const actor = activityActor(tenant.directory, user);
  return {
    alert,
    incidents: buildIncidents([alert]),
    activity: sortActivity(activityAround(alert, actor, now.getTime() + 1, { ordinary: 3 })),
  };
}

/** A new realistic DLP alert (wire shape) for demo `sequence`, created at `now`. */
export function makeDemoAlert(sequence: number, now: Date, tenant: LocalTenant): Record<string, unknown> {
  const nowMs = now.getTime();
  const s = Math.abs(Math.trunc(sequence));
  const created = graphTime(nowMs);
  return buildAlert(demoContent(sequence), {
    guid: demoGuid(sequence, nowMs),
    incidentId: String(100_000 + ((Math.floor(nowMs / 1000) + s) % 900_000)),
    tenantId: tenant.tenantId,
    subject: pick(demoSubjects(tenant), s),
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    assignedTo: null,
    comments: [],
    createdDateTime: created,
    lastUpdateDateTime: created,
    firstActivityDateTime: graphTime(Math.floor((nowMs - 60_000 * (1 + (s % 5))) / 1000) * 1000),
    resolvedDateTime: null,
  });
}
