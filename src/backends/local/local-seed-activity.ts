import { graphTime, hashInt } from './local-seed-hash.js';
import type { LocalActivityRow } from './local-tenant-schema.js';

/**
 * The seed's activity table: CloudAppEvents rows of an alert's user around the alert, derived only from
 * the alert and the user (same alert ⇒ same rows). Each alert gets an ordinary stretch of its user's
 * working day (sign-in, files opened and edited, mail and chat), the activity that matched the policy
 * with its DlpRuleMatch, and, for a few seeded alerts, a suspicious pattern before it. Addresses are
 * from the documentation ranges (RFC 5737); every name is fictitious.
 */

/** Suspicious patterns a seeded alert can be preceded by. */
export type ActivityPattern = 'bulkDownload' | 'abroad' | 'usbExfil' | 'labelRemoved';

/** Whose activity: the alert's user, and their administrative unit's region (null: none). */
export interface ActivityActor {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department?: string;
  region: string | null;
}

/** The parts of a seeded (or demo) `alerts_v2` DLP alert the activity is derived from. */
export interface SeededAlert {
  id: string;
  firstActivityDateTime: string;
  additionalData: {
    workload: string;
    operation: string;
    recipients?: string[];
    sharedWith?: string[];
    emailSubject?: string;
    deviceName?: string;
  };
  evidence: { fileDetails?: { fileName?: string } }[];
}

const SPO = 'Microsoft SharePoint Online';
const ODB = 'Microsoft OneDrive for Business';
const EXO = 'Microsoft Exchange Online';
const TEAMS = 'Microsoft Teams';
const MDE = 'Microsoft Defender for Endpoint';
const M365 = 'Microsoft 365';

const APP_OF: Record<string, string> = {
  SharePoint: SPO,
  OneDrive: ODB,
  Exchange: EXO,
  Teams: TEAMS,
  Endpoint: MDE,
};

interface Place {
  country: string;
  isp: string;
  ip: string;
}

/** Where each region's people usually work from (their office's egress). */
const HOME: Record<string, Omit<Place, 'ip'> & { net: string }> = {
  EMEA: { country: 'DE', isp: 'Deutsche Telekom AG', net: '198.51.100.' },
  Americas: { country: 'US', isp: 'Comcast Cable Communications', net: '192.0.2.' },
  APAC: { country: 'AU', isp: 'Telstra Corporation', net: '203.0.113.' },
};
/** Hosting and VPN exits nobody at Contoso works from. */
const ABROAD: [country: string, isp: string][] = [
  ['RO', 'M247 Europe SRL'],
  ['NL', 'Leaseweb Netherlands B.V.'],
  ['SG', 'DigitalOcean, LLC'],
];

const DEPARTMENT_FILES: Record<string, string[]> = {
  Finance: ['Month-end-close-checklist.xlsx', 'Budget-FY26-v3.xlsx', 'Cost-center-report.xlsx', 'Vendor-list.xlsx'],
  'Human Resources': ['Interview-schedule.xlsx', 'Onboarding-checklist.docx', 'Benefits-FAQ.docx', 'Org-chart.pptx'],
  Engineering: ['Architecture-overview.docx', 'Sprint-planning.xlsx', 'Runbook-payments.docx', 'On-call-rota.xlsx'],
  Sales: ['Pipeline-Q2.xlsx', 'Account-plan-Fabrikam.pptx', 'Pricing-2026.xlsx', 'Call-notes.docx'],
};
const GENERIC_FILES = ['Team-meeting-notes.docx', 'Weekly-status.pptx', 'Project-plan.xlsx', 'Travel-policy.pdf'];

/** An ordinary day's actions: [ActionType, Application, ObjectType]. */
const ORDINARY: [action: string, app: string, objectType: string][] = [
  ['FileAccessed', SPO, 'File'],
  ['FileModified', ODB, 'File'],
  ['Send', EXO, 'Email'],
  ['MessageSent', TEAMS, 'Message'],
  ['FileAccessed', ODB, 'File'],
  ['FileUploaded', SPO, 'File'],
  ['CompanyLinkCreated', ODB, 'File'],
  ['FileDownloaded', SPO, 'File'],
  ['FileModified', SPO, 'File'],
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The address `actor` usually works from: their region's office egress. */
export function officeAddress(actor: ActivityActor): string {
  const home = HOME[actor.region ?? ''] ?? HOME.Americas!;
  return `${home.net}${10 + hashInt(`ip:${actor.id}`, 90)}`;
}

/** Builds rows for one actor, keyed for determinism by the alert id. */
class RowMaker {
  readonly rows: LocalActivityRow[] = [];
  readonly home: Place;
  readonly abroad: Place;

  constructor(
    readonly key: string,
    readonly actor: ActivityActor,
  ) {
    const home = HOME[actor.region ?? ''] ?? HOME.Americas!;
    this.home = { country: home.country, isp: home.isp, ip: officeAddress(actor) };
    const [country, isp] = ABROAD[hashInt(`abroad:${key}`, ABROAD.length)]!;
    const net = home.net === '203.0.113.' ? '198.51.100.' : '203.0.113.';
    this.abroad = { country, isp, ip: `${net}${200 + hashInt(`abroad-ip:${key}`, 50)}` };
  }

  /** A number in [0, modulo) for the n-th draw of `what`. */
  draw(what: string, modulo: number): number {
    return hashInt(`activity:${this.key}:${what}`, modulo);
  }

  add(
    ms: number,
    action: string,
    app: string,
    object?: [name: string, type: string],
    where = this.home,
    uncommon: string[] = [],
  ) {
    this.rows.push({
      Timestamp: graphTime(ms, this.draw(`tick:${this.rows.length}`, 10_000)),
      ActionType: action,
      Application: app,
      AccountObjectId: this.actor.id,
      AccountDisplayName: this.actor.displayName,
      ObjectName: object?.[0] ?? null,
      ObjectType: object?.[1] ?? null,
      IPAddress: where.ip,
      CountryCode: where.country,
      ISP: where.isp,
      UncommonForUser: uncommon,
    });
  }
}

/** The activity of `actor` around `raw` (a DLP alert built by the seed's builder), never after `nowMs`. */
export function activityAround(
  raw: Record<string, unknown>,
  actor: ActivityActor,
  nowMs: number,
  options: { pattern?: ActivityPattern; ordinary?: number } = {},
): LocalActivityRow[] {
  const alert = raw as unknown as SeededAlert;
  const m = new RowMaker(alert.id, actor);
  const at = Date.parse(alert.firstActivityDateTime);
  ordinaryDay(m, at, nowMs, options.ordinary ?? 4 + m.draw('count', 4));
  const pattern = options.pattern ? PATTERNS[options.pattern](m, alert, at) : undefined;
  matchedActivity(m, alert, at, pattern?.where ?? m.home, pattern?.uncommon ?? []);
  return m.rows.filter((r) => Date.parse(r.Timestamp) < nowMs);
}

/** A sign-in, then ordinary work spread over the three hours before the alert and up to two after. */
function ordinaryDay(m: RowMaker, at: number, nowMs: number, count: number): void {
  const from = at - 3 * HOUR;
  const to = Math.min(at + 2 * HOUR, nowMs - MINUTE);
  m.add(from - m.draw('login', 20) * MINUTE, 'UserLoggedIn', M365);
  const files = DEPARTMENT_FILES[m.actor.department ?? ''] ?? GENERIC_FILES;
  const domain = m.actor.userPrincipalName.split('@')[1] ?? 'contoso.example';
  for (let i = 0; i < count; i++) {
    const [action, app, type] = ORDINARY[m.draw(`action:${i}`, ORDINARY.length)]!;
    const ms = from + m.draw(`time:${i}`, Math.max(1, to - from));
    const name =
      type === 'File'
        ? files[m.draw(`file:${i}`, files.length)]!
        : type === 'Email'
          ? `${(m.actor.department ?? 'team').toLowerCase().replace(/[^a-z]+/g, '-')}@${domain}`
          : `${m.actor.department ?? 'Contoso'} / General`;
    m.add(ms, action, app, [name, type]);
  }
}

/** What the alert names: its file, else its first recipient or the mail subject. */
export function objectOf(alert: SeededAlert): [name: string, type: string] {
  const file = alert.evidence.find((e) => e.fileDetails?.fileName)?.fileDetails?.fileName;
  if (file) return [file, 'File'];
  const to = alert.additionalData.recipients?.[0] ?? alert.additionalData.sharedWith?.[0];
  if (alert.additionalData.workload === 'Exchange')
    return [to ?? alert.additionalData.emailSubject ?? 'Message', 'Email'];
  return [to ?? 'Teams chat', 'Message'];
}

/** The activity that matched the policy, and the DlpRuleMatch DLP logged a few seconds later. */
function matchedActivity(m: RowMaker, alert: SeededAlert, at: number, where: Place, uncommon: string[]): void {
  const app = APP_OF[alert.additionalData.workload] ?? SPO;
  const object = objectOf(alert);
  m.add(at, alert.additionalData.operation, app, object, where, uncommon);
  const matched: [string, string] =
    alert.additionalData.workload === 'Exchange' && alert.additionalData.emailSubject
      ? [alert.additionalData.emailSubject, 'Email']
      : object;
  m.add(at + 1_000 + m.draw('dlp', 40_000), 'DlpRuleMatch', app, matched, where);
}

interface PatternEffect {
  /** Where the matched activity itself came from. */
  where: Place;
  uncommon: string[];
}

const stem = (file: string) => file.replace(/\.[^.]+$/, '');
const ext = (file: string) => /\.[^.]+$/.exec(file)?.[0] ?? '.xlsx';

/** Suspicious activity before the alert, by pattern. */
const PATTERNS: Record<ActivityPattern, (m: RowMaker, alert: SeededAlert, at: number) => PatternEffect> = {
  /** Two dozen downloads from the same library within twenty minutes, then the share. */
  bulkDownload(m, alert, at) {
    const [file] = objectOf(alert);
    const app = alert.additionalData.workload === 'OneDrive' ? ODB : SPO;
    for (let i = 0; i < 24; i++) {
      const name = `${stem(file)}-${String(i + 1).padStart(2, '0')}${ext(file)}`;
      m.add(at - 25 * MINUTE + i * 45_000 + m.draw(`bulk:${i}`, 20_000), 'FileDownloaded', app, [name, 'File']);
    }
    return { where: m.home, uncommon: [] };
  },
  /** A sign-in from a country and network the user never used, an anyone link, and mail to a personal address. */
  abroad(m, alert, at) {
    const [file] = objectOf(alert);
    const away = ['CountryCode', 'ISP', 'IPAddress'];
    m.add(at - 40 * MINUTE, 'UserLoggedIn', M365, undefined, m.abroad, away);
    m.add(at - 12 * MINUTE, 'FileAccessed', SPO, [file, 'File'], m.abroad, ['CountryCode', 'ISP']);
    if (alert.additionalData.operation !== 'AnonymousLinkCreated')
      m.add(at - 6 * MINUTE, 'AnonymousLinkCreated', SPO, [file, 'File'], m.abroad, [
        'CountryCode',
        'ISP',
        'ActionType',
      ]);
    const personal = `${m.actor.userPrincipalName.split('@')[0]!.replace(/\./g, '')}.files@gmail.com`;
    m.add(at + 4 * MINUTE, 'Send', EXO, [personal, 'Email'], m.abroad, ['CountryCode', 'ISP']);
    return { where: m.abroad, uncommon: ['CountryCode', 'ISP'] };
  },
  /** Repository files synced down, the archive's label downgraded, then the copy to a USB drive. */
  usbExfil(m, alert, at) {
    const [file] = objectOf(alert);
    const repo = stem(stem(file));
    for (let i = 0; i < 12; i++) {
      const name = `${repo}/src/module-${String(i + 1).padStart(2, '0')}.cs`;
      m.add(at - 70 * MINUTE + i * 150_000, 'FileSyncDownloadedFull', SPO, [name, 'File']);
    }
    m.add(at - 30 * MINUTE, 'SensitivityLabelDowngraded', ODB, [file, 'File'], m.home, ['ActionType']);
    return { where: m.home, uncommon: ['ActionType'] };
  },
  /** Claims files downloaded, a label removed, then the mail. */
  labelRemoved(m, _alert, at) {
    for (let i = 0; i < 8; i++) {
      const name = `member-claims-2026-${String(i + 1).padStart(2, '0')}.xlsx`;
      m.add(at - 50 * MINUTE + i * 200_000, 'FileDownloaded', SPO, [name, 'File']);
    }
    m.add(at - 8 * MINUTE, 'SensitivityLabelRemoved', SPO, ['member-claim-history.xlsx', 'File'], m.home, [
      'ActionType',
    ]);
    return { where: m.home, uncommon: [] };
  },
};

/** Orders rows as the hunting table returns them for `order by Timestamp asc` (ties by user). */
export function sortActivity(rows: LocalActivityRow[]): LocalActivityRow[] {
  return rows.sort((a, b) =>
    a.Timestamp < b.Timestamp ? -1 : a.Timestamp > b.Timestamp ? 1 : a.AccountObjectId.localeCompare(b.AccountObjectId),
  );
}
