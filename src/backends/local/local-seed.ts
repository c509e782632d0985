import type { Classification, Severity, Status, Workload } from '../../triage/alert.js';
import { activityAround, sortActivity, type ActivityPattern } from './local-seed-activity.js';
import { dlpEventsAround } from './local-seed-dlp-events.js';
import { buildStormAlerts } from './local-seed-storm.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { graphTime, guidFrom, hashHex, hashInt } from './local-seed-hash.js';
import {
  buildIncidents,
  correlatedEndpointAlert,
  groupAlerts,
  groupNames,
  groupTags,
  type IncidentGroup,
} from './local-seed-incidents.js';
import { buildCloudAlerts } from './local-seed-cloud-alerts.js';
import type { LocalAdministrativeUnit, LocalGroup, LocalTenant, LocalUser } from './local-tenant-schema.js';

export { graphTime, guidFrom, hashHex, hashInt };

/**
 * The local backend's seed: a small Entra-like directory (personas, employees, security groups, administrative
 * units) and DLP alerts in the Graph `alerts_v2` wire shape (graph-api.md "Sample DLP alert (synthesized)").
 * Everything is derived from indices and hashes of fixed strings, so two builds with the same `now` are deep-equal.
 * All names, ids, domains and SIT ids are fictitious; no matched content (card numbers, ...) is ever stored.
 */

export const LOCAL_TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const LOCAL_DOMAIN = 'contoso.example';

// ---------------------------------------------------------------------------------------------------------------
// Deterministic helpers

/** The on-premises-style SID Entra derives from an object id (S-1-12-1 + the GUID's bytes as four uint32). */
export function aadUserSid(objectId: string): string {
  const hex = objectId.replace(/-/g, '');
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32LE(parseInt(hex.slice(0, 8), 16), 0);
  bytes.writeUInt16LE(parseInt(hex.slice(8, 12), 16), 4);
  bytes.writeUInt16LE(parseInt(hex.slice(12, 16), 16), 6);
  Buffer.from(hex.slice(16), 'hex').copy(bytes, 8);
  return `S-1-12-1-${[0, 4, 8, 12].map((o) => bytes.readUInt32LE(o)).join('-')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Directory

const upn = (given: string, surname: string) =>
  `${given}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${LOCAL_DOMAIN}`;

const persona = (n: number, givenName: string, surname: string) => ({
  id: `a0000000-0000-4000-8000-00000000000${n}`,
  displayName: `${givenName} ${surname}`,
  userPrincipalName: upn(givenName, surname),
  givenName,
  surname,
});

/** The people who use the bot: their ids are referenced by role mappings and tests. */
export const PERSONAS = [
  persona(1, 'Avery', 'Admin'),
  persona(2, 'Sam', 'Analyst'),
  persona(3, 'Emma', 'Analyst'),
  persona(4, 'Rui', 'Responder'),
  persona(5, 'Vic', 'Viewer'),
  persona(6, 'Mia', 'Manager'),
  persona(7, 'Olu', 'Outsider'),
] as const;

export type Persona = (typeof PERSONAS)[number];
type PersonaKey = 'avery' | 'sam' | 'emma' | 'rui' | 'vic' | 'mia' | 'olu';
const PERSONA_BY_KEY = Object.fromEntries(PERSONAS.map((p) => [p.givenName.toLowerCase(), p])) as Record<
  PersonaKey,
  Persona
>;

const PERSONA_JOBS: Record<PersonaKey, [jobTitle: string, department: string]> = {
  avery: ['DLP Administrator', 'Information Security'],
  sam: ['SOC Analyst', 'Security Operations'],
  emma: ['SOC Analyst', 'Security Operations'],
  rui: ['Incident Responder', 'Security Operations'],
  vic: ['Compliance Auditor', 'Internal Audit'],
  mia: ['Compliance Manager', 'Legal & Compliance'],
  olu: ['Facilities Coordinator', 'Facilities'],
};

export type RegionName = 'EMEA' | 'Americas' | 'APAC';

/** Ordinary employees, the subjects of alerts; `region` is their administrative unit (null: in none). */
export const EMPLOYEES = [
  ['lena', 'Lena', 'Fischer', 'Financial Controller', 'Finance', 'EMEA'],
  ['hugo', 'Hugo', 'Martin', 'Key Account Manager', 'Sales', 'EMEA'],
  ['priya', 'Priya', 'Sharma', 'HR Business Partner', 'Human Resources', 'EMEA'],
  ['lars', 'Lars', 'Eriksson', 'Senior Software Engineer', 'Engineering', 'EMEA'],
  ['sofia', 'Sofia', 'Rossi', 'Payments Operations Analyst', 'Finance', 'EMEA'],
  ['marcus', 'Marcus', 'Johnson', 'Payroll Specialist', 'Finance', 'Americas'],
  ['jessica', 'Jessica', 'Alvarez', 'Benefits Claims Analyst', 'Human Resources', 'Americas'],
  ['daniel', 'Daniel', 'Kim', 'DevOps Engineer', 'Engineering', 'Americas'],
  ['carlos', 'Carlos', 'Mendes', 'Accounts Payable Specialist', 'Finance', 'Americas'],
  ['ashley', 'Ashley', 'Brooks', 'Customer Support Lead', 'Customer Success', 'Americas'],
  ['kenji', 'Kenji', 'Tanaka', 'Solutions Architect', 'Engineering', 'APAC'],
  ['olivia', 'Olivia', 'Chen', 'Tax Accountant', 'Finance', 'APAC'],
  ['aarav', 'Aarav', 'Patel', 'Data Scientist', 'Analytics', 'APAC'],
  ['chloe', 'Chloe', 'Nguyen', 'Talent Acquisition Specialist', 'Human Resources', 'APAC'],
  ['noah', 'Noah', 'Williams', 'Field Service Contractor', 'Operations', null],
  ['grace', 'Grace', "O'Brien", 'Executive Assistant', 'Office of the CEO', null],
].map(([key, givenName, surname, jobTitle, department, region], i) => ({
  key: key as string,
  user: {
    id: `b0000000-0000-4000-8000-0000000000${String(i + 1).padStart(2, '0')}`,
    displayName: `${givenName} ${surname}`,
    userPrincipalName: upn(givenName as string, surname as string),
    mail: upn(givenName as string, surname as string),
    jobTitle: jobTitle as string,
    department: department as string,
    accountEnabled: true,
  } satisfies LocalUser,
  region: region as RegionName | null,
}));

const employeeByKey = (key: string): LocalUser => {
  const found = EMPLOYEES.find((e) => e.key === key);
  if (!found) throw new Error(`seed: unknown employee '${key}'`);
  return found.user;
};

/** Ids of the seeded security groups and administrative units (fixed, so policies can name them). */
export const groupId = (n: number) => `c0000000-0000-4000-8000-00000000000${n}`;
export const auId = (n: number) => `d0000000-0000-4000-8000-00000000000${n}`;

function buildDirectory(): LocalTenant['directory'] {
  const personaUsers: LocalUser[] = PERSONAS.map((p) => {
    const [jobTitle, department] = PERSONA_JOBS[p.givenName.toLowerCase() as PersonaKey];
    const { id, displayName, userPrincipalName } = p;
    return { id, displayName, userPrincipalName, mail: userPrincipalName, jobTitle, department, accountEnabled: true };
  });
  const users = [...personaUsers, ...EMPLOYEES.map((e) => e.user)];
  const p = PERSONA_BY_KEY;
  const groups: LocalGroup[] = [
    { id: groupId(1), displayName: 'DLP Admins', members: [p.avery.id] },
    { id: groupId(2), displayName: 'SOC Analysts', members: [p.sam.id, p.emma.id, groupId(3)] },
    { id: groupId(3), displayName: 'SOC Tier 2', members: [p.rui.id] },
    { id: groupId(4), displayName: 'Compliance Managers', members: [p.mia.id] },
    { id: groupId(5), displayName: 'DLP Viewers', members: [p.vic.id] },
    { id: groupId(6), displayName: 'All Employees', members: users.map((u) => u.id) },
  ];
  const regions: RegionName[] = ['EMEA', 'Americas', 'APAC'];
  const administrativeUnits: LocalAdministrativeUnit[] = regions.map((region, i) => ({
    id: auId(i + 1),
    displayName: region,
    members: EMPLOYEES.filter((e) => e.region === region).map((e) => e.user.id),
  }));
  return { users, groups, administrativeUnits };
}

// ---------------------------------------------------------------------------------------------------------------
// DLP policies and sensitive information types (SIT ids are synthetic except the sample's credit card id)

type Confidence = 'high' | 'medium' | 'low';
const CONFIDENCE_LEVEL: Record<Confidence, number> = { high: 85, medium: 75, low: 65 };

const sit = (name: string, confidence: Confidence = 'high', id = guidFrom(`sit:${name}`)) => ({ id, name, confidence });
export const SITS = {
  ccn: sit('Credit Card Number', 'high', '50842eb7-edc8-4019-85dd-5a5c1f2bb085'),
  eudebit: sit('EU Debit Card Number'),
  iban: sit('International Banking Account Number (IBAN)'),
  ssn: sit('U.S. Social Security Number (SSN)'),
  usbank: sit('U.S. Bank Account Number', 'medium'),
  aba: sit('ABA Routing Number', 'medium'),
  deid: sit('Germany Identity Card Number'),
  frpass: sit('France Passport Number'),
  uknino: sit('U.K. National Insurance Number (NINO)'),
  autfn: sit('Australia Tax File Number'),
  aumedicare: sit('Australia Medical Account Number', 'medium'),
  azstorage: sit('Azure Storage Account Key'),
  genpw: sit('General Password', 'medium'),
  sqlconn: sit('Azure SQL Connection String'),
  ghpat: sit('GitHub Personal Access Token'),
  adopat: sit('Azure DevOps Personal Access Token'),
  icd10: sit('International Classification of Diseases (ICD-10-CM)', 'medium'),
  medterms: sit('Medical Terms', 'low'),
};
export type SitKey = keyof typeof SITS;

export type SeedWorkload = Exclude<Workload, 'Other'>;
const ALL_WORKLOADS: SeedWorkload[] = ['SharePoint', 'OneDrive', 'Exchange', 'Teams', 'Endpoint'];

const policy = (
  name: string,
  rules: string[],
  sits: SitKey[],
  recommendedActions: string,
  category = 'Exfiltration',
) => ({
  name,
  id: guidFrom(`policy:${name}`),
  rules: rules.map((rule) => ({ name: rule, id: guidFrom(`rule:${name}:${rule}`) })),
  sits,
  workloads: ALL_WORKLOADS,
  recommendedActions,
  category,
});

export const POLICIES = {
  pci: policy(
    'Contoso PCI - External Sharing',
    ['Credit card numbers shared externally (high volume)', 'Credit card numbers shared externally (low volume)'],
    ['ccn', 'eudebit'],
    'Review the matched content, confirm whether the external recipient is authorized, and remove the external sharing link if not.',
  ),
  gdpr: policy(
    'GDPR - EU Personal Data',
    ['EU national identifiers shared outside the organization', 'EU banking details sent externally'],
    ['deid', 'frpass', 'uknino', 'iban', 'eudebit'],
    'Confirm a lawful basis and a data processing agreement with the recipient; otherwise revoke access and notify the Data Protection Officer.',
  ),
  usfin: policy(
    'U.S. Financial Data',
    ['U.S. financial data - high volume', 'U.S. financial data - low volume'],
    ['ssn', 'usbank', 'aba', 'ccn'],
    'Verify the business need with the user and their manager; revoke external access and rotate affected bank details if the disclosure was not authorized.',
  ),
  hipaa: policy(
    'HIPAA PHI',
    ['PHI shared with external recipients', 'PHI copied to removable media'],
    ['ssn', 'icd10', 'medterms'],
    'Check that the recipient has a business associate agreement; if not, start the HIPAA breach assessment with the Privacy Officer.',
  ),
  src: policy(
    'Source Code Protection',
    ['Secrets in source code leaving the organization', 'Source code copied to unmanaged storage'],
    ['azstorage', 'ghpat', 'adopat', 'genpw'],
    "Rotate any exposed keys or tokens, remove the copy from the unmanaged location, and review the user's recent activity.",
  ),
  creds: policy(
    'Credentials in Messages',
    ['Credentials shared in Teams chats', 'Credentials sent by email'],
    ['genpw', 'azstorage', 'sqlconn'],
    'Reset the exposed credentials immediately and remind the user to share secrets through the approved vault.',
    'CredentialAccess',
  ),
  aupriv: policy(
    'Australia Privacy Act',
    ['Australian tax file numbers shared externally'],
    ['autfn', 'aumedicare'],
    'Confirm the recipient is an authorized tax agent; otherwise revoke access and assess whether the Notifiable Data Breaches scheme applies.',
  ),
};
export type PolicyKey = keyof typeof POLICIES;

// ---------------------------------------------------------------------------------------------------------------
// The alert builder, shared by the seed and the demo generator

export type SitHit = readonly [sit: SitKey, count: number];

/** What an alert is about: compact enough for one table row. */
export interface AlertContent {
  w: SeedWorkload;
  p: PolicyKey;
  /** Rule index in the policy. */
  r: number;
  sev: Exclude<Severity, 'unknown'>;
  sits: readonly SitHit[];
  /** File name (SharePoint, OneDrive, Endpoint, Teams file shares). */
  file?: string;
  /** Email subject (Exchange). */
  subj?: string;
  /** SharePoint: "Site/Folder"; OneDrive: folder; Teams: "Team/Channel" (absent: a chat); Endpoint: the target. */
  where?: string;
  /** External recipients or people the file was shared with. */
  to?: readonly string[];
  /** Audit operation; defaults per workload. */
  op?: string;
  /** Override justification: the user overrode a policy tip. */
  ovr?: string;
}

export interface AlertSubject {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department?: string;
}

export interface AlertComment {
  comment: string;
  createdByDisplayName: string;
  createdDateTime: string;
}

/** Who, when, and where the alert is in its life cycle. Times are already in Graph format. */
export interface AlertContext {
  /** The GUID part of the id (the alert id is `dl` + guid). */
  guid: string;
  incidentId: string;
  tenantId: string;
  subject: AlertSubject;
  status: Exclude<Status, 'unknown'>;
  classification: Classification;
  determination: string;
  assignedTo: string | null;
  comments: AlertComment[];
  createdDateTime: string;
  lastUpdateDateTime: string;
  firstActivityDateTime: string;
  resolvedDateTime: string | null;
}

/** Defender for Cloud Apps app ids (as remembered, unconfirmed: graph-api.md sample note). */
const CLOUD_APPS: Partial<Record<SeedWorkload, [appId: number, name: string]>> = {
  SharePoint: [20892, 'Microsoft SharePoint Online'],
  Exchange: [20893, 'Microsoft Exchange Online'],
};

const DEFAULT_OPERATION: Record<SeedWorkload, string> = {
  SharePoint: 'SharingSet',
  OneDrive: 'SharingInvitationCreated',
  Exchange: 'Send',
  Teams: 'MessageSent',
  Endpoint: 'FileCopiedToRemovableMedia',
};

const ENDPOINT_ACTIVITY: Record<string, [verb: string, targetKey: string]> = {
  FileCopiedToRemovableMedia: ['copied to removable media', 'removableMedia'],
  FileUploadedToCloud: ['uploaded to an unallowed cloud service', 'targetDomain'],
  FilePrinted: ['printed', 'printerName'],
  FileCopiedToNetworkShare: ['copied to a network share', 'networkShare'],
};

/**
 * The rule's actions, as policies are usually tuned: an override means the rule blocked with override;
 * high volumes are blocked; informational rules and most endpoint rules only audit; the rest warn with a
 * policy tip.
 */
function actionsFor(c: AlertContent): string[] {
  const high = c.sev === 'high';
  if (c.ovr) return ['BlockWithOverride', 'NotifyUser', 'GenerateAlert'];
  if (c.w === 'Endpoint') return high ? ['Block', 'NotifyUser', 'GenerateAlert'] : ['Audit', 'GenerateAlert'];
  if (high)
    return [c.w === 'Exchange' || c.w === 'Teams' ? 'BlockMessage' : 'RestrictAccess', 'NotifyUser', 'GenerateAlert'];
  return c.sev === 'informational' ? ['Audit', 'GenerateAlert'] : ['NotifyUser', 'GenerateAlert'];
}

function deviceFor(subject: AlertSubject) {
  const mac = subject.department === 'Engineering' || subject.department === 'Analytics';
  const n = 1000 + hashInt(`device:${subject.id}`, 9000);
  return {
    deviceDnsName: `contoso-${mac ? 'mbp' : 'lt'}-${n}.corp.${LOCAL_DOMAIN}`,
    mdeDeviceId: hashHex(`mde:${subject.id}`, 40),
    azureAdDeviceId: guidFrom(`aad-device:${subject.id}`),
    osPlatform: mac ? 'macOS' : 'Windows11',
    osBuild: mac ? '14.6' : '22631',
    mac,
  };
}

const sitList = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? 'sensitive information') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

const splitUpn = (userPrincipalName: string) => {
  const [accountName = userPrincipalName, domainName = LOCAL_DOMAIN] = userPrincipalName.split('@');
  return { accountName, domainName };
};

type Device = ReturnType<typeof deviceFor>;

/** What depends on the workload: extra `additionalData` keys, the file's folder, and the alert's wording. */
interface WorkloadDetails {
  extra: Record<string, unknown>;
  fileFolder?: string;
  /** "document (x.xlsx) in SharePoint", used in the title. */
  artifact: string;
  /** "was shared with people outside the organization", used in the description. */
  happened: string;
  /** The user evidence's detailed role. */
  actorRole: string;
}

function workloadDetails(
  c: AlertContent,
  s: AlertSubject,
  operation: string,
  device: Device | undefined,
): WorkloadDetails {
  const to = [...(c.to ?? [])];
  const [site = 'Shared', ...rest] = (c.where || 'Shared').split('/');
  const folder = rest.join('/') || 'General';
  switch (c.w) {
    case 'SharePoint':
    case 'OneDrive': {
      const siteUrl =
        c.w === 'SharePoint'
          ? `https://contoso.sharepoint.com/sites/${site}`
          : `https://contoso-my.sharepoint.com/personal/${s.userPrincipalName.replace(/[@.]/g, '_')}`;
      const fileFolder = `${siteUrl}/${c.w === 'SharePoint' ? `Shared Documents/${folder}` : c.where || 'Documents'}`;
      return {
        extra: {
          siteUrl,
          fileUrl: `${fileFolder}/${c.file}`,
          sharedWith: to,
          sharingScope: to.length ? 'users' : 'anyone',
          fileOwner: s.userPrincipalName,
        },
        fileFolder,
        artifact: `document (${c.file}) in ${c.w}`,
        happened: to.length
          ? 'was shared with people outside the organization'
          : 'was shared with an anyone-with-the-link link',
        actorRole: 'Shared the file externally',
      };
    }
    case 'Exchange':
      return {
        extra: { emailSubject: c.subj, sender: s.userPrincipalName, recipients: to },
        artifact: `email (${c.subj}) in Exchange`,
        happened: 'was sent to recipients outside the organization',
        actorRole: 'Sent the email',
      };
    case 'Teams': {
      const place = c.where ? { chatType: 'channel', teamName: site, channelName: folder } : { chatType: 'oneOnOne' };
      const happened = `was ${c.file ? 'shared' : 'sent'} in a Teams ${c.where ? 'channel' : 'chat'} with external participants`;
      if (!c.file)
        return {
          extra: { ...place, recipients: to },
          artifact: 'message in Teams',
          happened,
          actorRole: 'Sent the message',
        };
      const siteUrl = `https://contoso.sharepoint.com/sites/${site.replace(/[^A-Za-z0-9-]/g, '')}`;
      const fileFolder = `${siteUrl}/Shared Documents/${folder}`;
      return {
        extra: {
          ...place,
          siteUrl,
          fileUrl: `${fileFolder}/${c.file}`,
          sharedWith: to,
          fileOwner: s.userPrincipalName,
        },
        fileFolder,
        artifact: `document (${c.file}) in Teams`,
        happened,
        actorRole: 'Shared the file in Teams',
      };
    }
    case 'Endpoint': {
      const [verb, targetKey] = ENDPOINT_ACTIVITY[operation] ?? ['copied off the device', 'target'];
      const { accountName } = splitUpn(s.userPrincipalName);
      const fileFolder = device?.mac ? `/Users/${accountName}/Documents` : `C:\\Users\\${accountName}\\Documents`;
      return {
        extra: {
          deviceName: device?.deviceDnsName,
          [targetKey]: c.where,
          filePath: `${fileFolder}${device?.mac ? '/' : '\\'}${c.file}`,
        },
        fileFolder,
        artifact: `document (${c.file}) on device (${device?.deviceDnsName})`,
        happened: `was ${verb}${c.where ? ` (${c.where})` : ''}`,
        actorRole: `File ${verb}`,
      };
    }
  }
}

/**
 * The evidence list: the user always, then file, mailbox and messages, device and cloud app as the workload has them.
 */
function buildEvidence(
  c: AlertContent,
  ctx: AlertContext,
  facts: { blocked: boolean; fileFolder?: string; actorRole: string; device?: Device },
): Record<string, unknown>[] {
  const { blocked, device } = facts;
  const s = ctx.subject;
  const { accountName, domainName } = splitUpn(s.userPrincipalName);
  const base = (roles: string[], detailedRoles: string[], verdict = 'suspicious') => ({
    createdDateTime: ctx.createdDateTime,
    verdict:
      ctx.classification === 'falsePositive' || ctx.classification === 'informationalExpectedActivity'
        ? 'noThreatsFound'
        : verdict,
    remediationStatus: blocked ? (c.w === 'Endpoint' ? 'prevented' : 'blocked') : 'none',
    remediationStatusDetails: null,
    roles,
    detailedRoles,
    tags: [],
  });
  const userAccount = {
    accountName,
    azureAdUserId: s.id,
    displayName: s.displayName,
    domainName,
    userPrincipalName: s.userPrincipalName,
    userSid: aadUserSid(s.id),
  };
  const evidence: Record<string, unknown>[] = [
    {
      '@odata.type': '#microsoft.graph.security.userEvidence',
      ...base(['policyViolator'], [facts.actorRole]),
      userAccount,
    },
  ];
  if (c.file) {
    evidence.push({
      '@odata.type': '#microsoft.graph.security.fileEvidence',
      ...base(['contextual'], ['Document matched DLP policy']),
      detectionStatus: blocked ? 'blocked' : 'detected',
      mdeDeviceId: device?.mdeDeviceId ?? null,
      fileDetails: {
        fileName: c.file,
        filePath: facts.fileFolder ?? null,
        filePublisher: null,
        fileSize: 8_000 + hashInt(`size:${c.file}`, 4_000_000),
        issuer: null,
        md5: null,
        sha1: null,
        sha256: hashHex(`sha256:${c.file}:${s.id}`),
        signer: null,
      },
    });
  }
  if (c.w === 'Exchange') {
    evidence.push({
      '@odata.type': '#microsoft.graph.security.mailboxEvidence',
      ...base(['source'], ['Sender mailbox']),
      displayName: s.displayName,
      primaryAddress: s.userPrincipalName,
      upn: s.userPrincipalName,
      userAccount,
    });
    const sender = { emailAddress: s.userPrincipalName, displayName: s.displayName, domainName };
    (c.to ?? []).forEach((recipient, i) =>
      evidence.push({
        '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
        ...base(['contextual'], ['Message matched DLP policy']),
        subject: c.subj,
        p1Sender: sender,
        p2Sender: sender,
        recipientEmailAddress: recipient,
        networkMessageId: guidFrom(`nmid:${ctx.guid}`),
        internetMessageId: `<${hashHex(`imid:${ctx.guid}`, 24).toUpperCase()}@${domainName}>`,
        antiSpamDirection: 'outbound',
        deliveryAction: blocked ? 'blocked' : 'delivered',
        deliveryLocation: blocked ? 'dropped' : 'external',
        attachmentsCount: 1 + (i % 2),
        urlCount: 0,
        language: 'en',
        receivedDateTime: ctx.firstActivityDateTime,
        threatDetectionMethods: [],
        threats: [],
        urls: [],
      }),
    );
  }
  if (device) {
    evidence.push({
      '@odata.type': '#microsoft.graph.security.deviceEvidence',
      ...base(['contextual'], ['Device where the activity happened'], 'unknown'),
      mdeDeviceId: device.mdeDeviceId,
      azureAdDeviceId: device.azureAdDeviceId,
      deviceDnsName: device.deviceDnsName,
      osPlatform: device.osPlatform,
      osBuild: device.osBuild,
      healthStatus: 'active',
      riskScore: 'none',
      onboardingStatus: 'onboarded',
      defenderAvStatus: 'updated',
      loggedOnUsers: [{ accountName, domainName: 'CONTOSO' }],
    });
  }
  const app = CLOUD_APPS[c.w];
  if (app) {
    evidence.push({
      '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence',
      ...base(['contextual'], [], 'unknown'),
      appId: app[0],
      displayName: app[1],
      instanceId: 0,
      instanceName: app[1],
      saasAppId: app[0],
    });
  }
  return evidence;
}

/** Builds one `alerts_v2` DLP alert (wire shape) from a compact spec and its life-cycle context. */
export function buildAlert(c: AlertContent, ctx: AlertContext): Record<string, unknown> {
  const pol = POLICIES[c.p];
  const rule = pol.rules[c.r % pol.rules.length]!;
  const anyoneLink = (c.w === 'SharePoint' || c.w === 'OneDrive') && !c.to?.length;
  const operation =
    c.op ?? (anyoneLink ? 'AnonymousLinkCreated' : c.w === 'Teams' && c.file ? 'FileUploaded' : DEFAULT_OPERATION[c.w]);
  const actionsTaken = actionsFor(c);
  const blocked = !c.ovr && actionsTaken.some((a) => a.startsWith('Block') || a === 'RestrictAccess');
  const sits = c.sits.map(([key, count]) => {
    const t = SITS[key];
    return { id: t.id, name: t.name, count, confidence: t.confidence, confidenceLevel: CONFIDENCE_LEVEL[t.confidence] };
  });
  const alertId = `dl${ctx.guid}`;
  const device = c.w === 'Endpoint' ? deviceFor(ctx.subject) : undefined;
  const { extra, fileFolder, artifact, happened, actorRole } = workloadDetails(c, ctx.subject, operation, device);
  const evidence = buildEvidence(c, ctx, { blocked, fileFolder, actorRole, device });

  const names = sits.map((t) => t.name);
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id: alertId,
    providerAlertId: ctx.guid,
    incidentId: ctx.incidentId,
    status: ctx.status,
    severity: c.sev,
    classification: ctx.classification,
    determination: ctx.determination,
    serviceSource: 'dataLossPrevention',
    detectionSource: 'microsoftDataLossPrevention',
    productName: 'Microsoft Data Loss Prevention',
    detectorId: guidFrom(`detector:${pol.id}`),
    alertPolicyId: pol.id,
    tenantId: ctx.tenantId,
    title: `DLP policy (${pol.name}) matched for ${artifact}`,
    description:
      `A ${c.w === 'Exchange' ? 'message' : c.file ? 'file' : 'message'} containing ${sitList(names)} ${happened}.` +
      `${c.ovr ? ' The user overrode the policy tip.' : ''} Policy '${pol.name}', rule '${rule.name}'.`,
    recommendedActions: pol.recommendedActions,
    category: pol.category,
    assignedTo: ctx.assignedTo,
    alertWebUrl: `https://security.microsoft.com/alerts/${alertId}?tid=${ctx.tenantId}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${ctx.incidentId}?tid=${ctx.tenantId}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: [],
    createdDateTime: ctx.createdDateTime,
    lastUpdateDateTime: ctx.lastUpdateDateTime,
    resolvedDateTime: ctx.resolvedDateTime,
    firstActivityDateTime: ctx.firstActivityDateTime,
    lastActivityDateTime: ctx.firstActivityDateTime,
    systemTags: [],
    customDetails: {},
    additionalData: {
      dlpPolicyName: pol.name,
      dlpPolicyId: pol.id,
      dlpRuleName: rule.name,
      dlpRuleId: rule.id,
      workload: c.w,
      operation,
      actionsTaken,
      userOverride: !!c.ovr,
      overrideJustification: c.ovr ?? null,
      userDepartment: ctx.subject.department ?? null,
      sensitiveInformationTypes: sits,
      ...extra,
      eventId: guidFrom(`event:${ctx.guid}`),
    },
    comments: ctx.comments,
    evidence,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Seed alerts: one row per alert. `age`: hours before `now` it was created; `upd`: minutes until its last update.

type CommentSpec = readonly [author: PersonaKey | 'bot', minutesAfterCreated: number, text: string];
interface SeedRow extends AlertContent {
  who: string;
  age: number;
  st: Exclude<Status, 'unknown'>;
  upd?: number;
  asg?: PersonaKey;
  cls?: readonly [Classification, string];
  cm?: readonly CommentSpec[];
  /** A suspicious pattern in the user's activity before the alert. */
  act?: ActivityPattern;
  /** The incident this alert shares with the other alerts of the group. */
  inc?: IncidentGroup;
  /** Its DLP match is in DataSecurityEvents too (Insider Risk Management shares this user's activity). */
  dse?: true;
}

const TP = 'truePositive',
  FP = 'falsePositive',
  INFO = 'informationalExpectedActivity';

// prettier-ignore
const SEED_ROWS: readonly SeedRow[] = [
  // SharePoint
  { w: 'SharePoint', p: 'pci', r: 0, who: 'lena', dse: true, sev: 'high', st: 'new', age: 2, file: 'Q1-card-reconciliation.xlsx', where: 'Finance/Reports', to: ['j.doe@fabrikam-partners.com'], sits: [['ccn', 27]] },
  { w: 'SharePoint', p: 'gdpr', r: 0, who: 'priya', sev: 'medium', st: 'inProgress', age: 30, upd: 45, asg: 'sam', file: 'Employee-onboarding-DE-2026.xlsx', where: 'HR-EMEA/Onboarding', to: ['recruiting@northwind-staffing.com'], sits: [['deid', 14], ['frpass', 3]], cm: [['sam', 40, 'Asked Priya whether Northwind Staffing is covered by a DPA.']] },
  { w: 'SharePoint', p: 'usfin', r: 0, who: 'marcus', act: 'bulkDownload', inc: 'marcus', sev: 'high', st: 'resolved', age: 200, upd: 300, asg: 'emma', cls: [TP, 'maliciousUserActivity'], file: 'Payroll-March-2026.xlsx', where: 'Payroll/Exports', to: ['marcus.j.personal@gmail.com'], sits: [['ssn', 312], ['usbank', 298]], cm: [['emma', 30, 'Payroll export shared to a personal Gmail address. Link revoked.'], ['emma', 280, 'HR and Legal informed; case handed to Insider Risk.']] },
  { w: 'SharePoint', p: 'hipaa', r: 0, who: 'jessica', sev: 'medium', st: 'resolved', age: 150, upd: 120, asg: 'sam', cls: [FP, 'notMalicious'], file: 'Claims-appeal-template.docx', where: 'Benefits/Templates', to: ['appeals@contoso-benefits-admin.com'], sits: [['icd10', 4], ['medterms', 11]], cm: [['sam', 100, 'Template only, no member data; recipient is our benefits administrator.']] },
  { w: 'SharePoint', p: 'pci', r: 1, who: 'carlos', sev: 'low', st: 'new', age: 5, file: 'Vendor-refunds-Feb.csv', where: 'AccountsPayable/Refunds', to: ['ap@tailspin-toys.com'], sits: [['ccn', 3]] },
  { w: 'SharePoint', p: 'src', r: 0, who: 'kenji', act: 'abroad', inc: 'kenji', sev: 'high', st: 'inProgress', age: 20, upd: 90, asg: 'rui', file: 'infra-secrets-backup.json', where: 'Engineering-APAC/Platform', to: [], sits: [['azstorage', 2], ['genpw', 5]], cm: [['rui', 60, 'Anyone link removed; asked Platform team to rotate both storage keys.']] },
  { w: 'SharePoint', p: 'aupriv', r: 0, who: 'olivia', sev: 'medium', st: 'new', age: 8, file: 'FY26-TFN-declarations.pdf', where: 'Finance-APAC/Tax', to: ['lodgement@au-taxagents.com.au'], sits: [['autfn', 46]] },
  { w: 'SharePoint', p: 'gdpr', r: 1, who: 'grace', dse: true, sev: 'informational', st: 'resolved', age: 170, upd: 200, asg: 'mia', cls: [INFO, 'confirmedActivity'], file: 'Board-offsite-travel.xlsx', where: 'ExecutiveOffice/Travel', to: ['events@fabrikam-partners.com'], sits: [['iban', 2], ['frpass', 1]], ovr: 'Travel agency needs passport details for the board offsite', cm: [['mia', 150, 'Approved: contracted travel agency, DPA on file.']] },
  // OneDrive
  { w: 'OneDrive', p: 'pci', r: 0, who: 'sofia', dse: true, act: 'bulkDownload', sev: 'high', st: 'new', age: 1, file: 'chargeback-export-2026-02.xlsx', where: 'Documents/Chargebacks', to: ['sofia.rossi.87@gmail.com'], sits: [['ccn', 143], ['eudebit', 12]] },
  { w: 'OneDrive', p: 'usfin', r: 1, who: 'jessica', sev: 'low', st: 'resolved', age: 190, upd: 240, asg: 'sam', cls: [FP, 'notEnoughDataToValidate'], file: 'expense-report-feb.pdf', where: 'Documents/Expenses', to: ['accounting@litware-consulting.com'], sits: [['usbank', 1]] },
  { w: 'OneDrive', p: 'src', r: 1, who: 'lars', inc: 'lars', sev: 'medium', st: 'inProgress', age: 44, upd: 180, asg: 'emma', file: 'payments-service-src.zip', where: 'Documents/Backups', to: ['lars.eriksson@outlook.com'], sits: [['ghpat', 1], ['azstorage', 1]], cm: [['emma', 25, 'Source archive shared to a personal Outlook.com account.'], ['bot', 170, 'Escalated to SOC Tier 2 (on behalf of Emma Analyst).']] },
  { w: 'OneDrive', p: 'hipaa', r: 0, who: 'ashley', sev: 'medium', st: 'new', age: 12, file: 'customer-case-notes-medical.docx', where: 'Documents/Cases', to: ['support@adatum-health.com'], sits: [['medterms', 9]] },
  { w: 'OneDrive', p: 'gdpr', r: 0, who: 'hugo', sev: 'low', st: 'resolved', age: 120, upd: 75, asg: 'emma', cls: [INFO, 'lineOfBusinessApplication'], file: 'partner-kyc-pack.pdf', where: 'Documents/Partners', to: ['kyc@fabrikam-partners.com'], sits: [['deid', 2]] },
  { w: 'OneDrive', p: 'aupriv', r: 0, who: 'chloe', sev: 'high', st: 'inProgress', age: 60, upd: 30, asg: 'rui', file: 'candidate-offer-packs.zip', where: 'Documents/Offers', to: ['chloe.nguyen.home@gmail.com'], sits: [['autfn', 18], ['aumedicare', 7]] },
  { w: 'OneDrive', p: 'pci', r: 1, who: 'noah', sev: 'low', st: 'new', age: 26, file: 'site-visit-receipts.xlsx', where: 'Documents/Receipts', to: ['noah.w@contractor-mail.com'], sits: [['ccn', 2]] },
  // Exchange
  { w: 'Exchange', p: 'pci', r: 0, who: 'hugo', sev: 'high', st: 'new', age: 3, subj: 'Updated card details for renewal', to: ['billing@fabrikam-partners.com'], sits: [['ccn', 6]] },
  { w: 'Exchange', p: 'gdpr', r: 1, who: 'lena', sev: 'medium', st: 'resolved', age: 210, upd: 400, asg: 'emma', cls: [TP, 'other'], subj: 'Supplier bank details - please update', to: ['finance@wingtip-suppliers.de'], sits: [['iban', 4]], cm: [['emma', 90, 'Sent to the right supplier but without encryption.'], ['emma', 380, 'Lena reminded to use Message Encryption for bank details.']] },
  { w: 'Exchange', p: 'usfin', r: 0, who: 'marcus', inc: 'marcus', sev: 'high', st: 'inProgress', age: 36, upd: 120, asg: 'sam', subj: 'W-2 corrections batch', to: ['taxprep.marcus@gmail.com'], sits: [['ssn', 57]], cm: [['sam', 15, 'Same user as an earlier payroll export alert.'], ['sam', 110, 'Waiting for HR to confirm whether the tax preparer is engaged by Contoso.']] },
  { w: 'Exchange', p: 'hipaa', r: 0, who: 'jessica', act: 'labelRemoved', inc: 'jessica', sev: 'high', st: 'new', age: 6, subj: 'Member claim history (urgent)', to: ['claims@adatum-health.com', 'j.alvarez.claims@gmail.com'], sits: [['ssn', 3], ['icd10', 12], ['medterms', 20]] },
  { w: 'Exchange', p: 'creds', r: 1, who: 'daniel', sev: 'medium', st: 'resolved', age: 160, upd: 95, asg: 'rui', cls: [TP, 'compromisedAccount'], subj: 'Prod DB access for vendor', to: ['ops@litware-consulting.com'], sits: [['sqlconn', 1], ['genpw', 2]], cm: [['rui', 20, 'Sign-in logs show a risky sign-in before the send; password reset and sessions revoked.'], ['rui', 90, 'SQL credentials rotated by the DBA team.']] },
  { w: 'Exchange', p: 'aupriv', r: 0, who: 'olivia', sev: 'low', st: 'resolved', age: 100, upd: 60, asg: 'sam', cls: [FP, 'notMalicious'], subj: 'Tax agent authority form', to: ['lodgement@au-taxagents.com.au'], sits: [['autfn', 1]] },
  { w: 'Exchange', p: 'gdpr', r: 0, who: 'priya', sev: 'informational', st: 'new', age: 9, subj: 'Reference check - candidate documents', to: ['hr@northwind-staffing.com'], sits: [['uknino', 1]] },
  { w: 'Exchange', p: 'usfin', r: 1, who: 'grace', sev: 'low', st: 'inProgress', age: 50, upd: 20, asg: 'emma', subj: 'Wire instructions for CEO travel', to: ['concierge.services@gmail.com'], sits: [['usbank', 1], ['aba', 1]] },
  // Teams
  { w: 'Teams', p: 'creds', r: 0, who: 'kenji', inc: 'kenji', sev: 'high', st: 'new', age: 4, to: ['dev@fabrikam-partners.com'], sits: [['genpw', 1], ['azstorage', 1]] },
  { w: 'Teams', p: 'creds', r: 0, who: 'lars', sev: 'medium', st: 'resolved', age: 130, upd: 50, asg: 'sam', cls: [FP, 'notMalicious'], to: ['consultant@proseware.com'], sits: [['genpw', 1]], cm: [['sam', 45, 'Placeholder password from the setup guide, not a live credential.']] },
  { w: 'Teams', p: 'pci', r: 1, who: 'ashley', sev: 'medium', st: 'inProgress', age: 28, upd: 35, asg: 'emma', where: 'Customer Escalations/Billing', to: ['escalations@tailspin-toys.com'], sits: [['ccn', 1]] },
  { w: 'Teams', p: 'gdpr', r: 0, who: 'sofia', sev: 'low', st: 'new', age: 14, file: 'loyalty-members-export.csv', where: 'Marketing-EMEA/Campaigns', to: ['agency@proseware-marketing.com'], sits: [['deid', 1], ['uknino', 5]] },
  { w: 'Teams', p: 'src', r: 0, who: 'aarav', act: 'abroad', sev: 'high', st: 'resolved', age: 220, upd: 500, asg: 'rui', cls: [TP, 'maliciousUserActivity'], file: 'model-training-pipeline.zip', where: 'Data Science/General', to: ['aarav.p.dev@gmail.com'], sits: [['ghpat', 1], ['azstorage', 3]], cm: [['rui', 60, 'Guest account removed from the team.'], ['rui', 200, 'Tokens revoked; GitHub org audit log reviewed.'], ['bot', 480, 'Resolved as true positive (on behalf of Rui Responder).']] },
  { w: 'Teams', p: 'hipaa', r: 0, who: 'noah', sev: 'informational', st: 'resolved', age: 90, upd: 40, asg: 'mia', cls: [INFO, 'confirmedActivity'], to: ['dispatch@adatum-health.com'], sits: [['medterms', 2]] },
  { w: 'Teams', p: 'usfin', r: 1, who: 'carlos', sev: 'low', st: 'new', age: 18, to: ['payments@wingtip-suppliers.com'], sits: [['aba', 1], ['usbank', 1]] },
  // Endpoint
  { w: 'Endpoint', p: 'src', r: 1, who: 'lars', dse: true, act: 'usbExfil', inc: 'lars', sev: 'high', st: 'new', age: 7, file: 'core-banking-api.tar.gz', where: 'SanDisk Ultra USB 3.0', sits: [['azstorage', 1], ['genpw', 3]] },
  { w: 'Endpoint', p: 'hipaa', r: 1, who: 'jessica', dse: true, inc: 'jessica', sev: 'medium', st: 'inProgress', age: 40, upd: 65, asg: 'rui', file: 'patient-intake-forms.pdf', where: 'Kingston DataTraveler', ovr: 'Taking forms to the offsite clinic audit', sits: [['ssn', 8], ['medterms', 15]], cm: [['rui', 55, 'Override justification looks plausible; checking with the clinic audit lead.']] },
  { w: 'Endpoint', p: 'usfin', r: 1, who: 'marcus', dse: true, sev: 'medium', st: 'resolved', age: 180, upd: 70, asg: 'emma', cls: [FP, 'notEnoughDataToValidate'], file: 'bank-rec-2026-02.xlsx', op: 'FileUploadedToCloud', where: 'drive.google.com', sits: [['usbank', 4]] },
  { w: 'Endpoint', p: 'pci', r: 1, who: 'kenji', sev: 'low', st: 'resolved', age: 110, upd: 30, asg: 'sam', cls: [INFO, 'lineOfBusinessApplication'], file: 'POS-terminal-test-data.csv', op: 'FilePrinted', where: 'SYD-PRN-04', sits: [['ccn', 5]] },
  { w: 'Endpoint', p: 'gdpr', r: 0, who: 'hugo', sev: 'informational', st: 'new', age: 11, file: 'client-passport-scans.pdf', op: 'FileUploadedToCloud', where: 'wetransfer.com', sits: [['frpass', 3]] },
  { w: 'Endpoint', p: 'aupriv', r: 0, who: 'chloe', sev: 'medium', st: 'new', age: 22, file: 'payroll-onboarding-TFN.xlsx', where: 'Lexar JumpDrive', sits: [['autfn', 9]] },
  { w: 'Endpoint', p: 'src', r: 1, who: 'aarav', sev: 'high', st: 'inProgress', age: 16, upd: 25, asg: 'rui', file: 'feature-store-creds.env', op: 'FileUploadedToCloud', where: 'pastebin.com', sits: [['azstorage', 2], ['adopat', 1]] },
  { w: 'Endpoint', p: 'usfin', r: 1, who: 'grace', sev: 'medium', st: 'new', age: 33, file: 'CEO-personal-banking.pdf', op: 'FilePrinted', where: 'NYC-PRN-EXEC-02', sits: [['usbank', 2], ['aba', 1]] },
];

const commentAuthor = (key: PersonaKey | 'bot') =>
  key === 'bot' ? 'DLP Triage Bot' : PERSONA_BY_KEY[key].userPrincipalName;

function buildSeedAlert(row: SeedRow, index: number, tenantId: string, nowMs: number): Record<string, unknown> {
  const key = `seed-alert-${index}`;
  const createdMs = nowMs - row.age * 3_600_000 - hashInt(`${key}:jitter`, 1_800_000);
  const tick = (what: string) => hashInt(`${key}:${what}`, 10_000);
  const comments = (row.cm ?? []).map(([author, minutes, comment], i) => {
    const ms = createdMs + minutes * 60_000 + i;
    return {
      comment,
      createdByDisplayName: commentAuthor(author),
      createdDateTime: graphTime(ms, tick(`comment${i}`)),
      ms,
    };
  });
  const lastCommentMs = Math.max(createdMs, ...comments.map((c) => c.ms));
  const updatedMs = Math.min(
    nowMs - 60_000,
    Math.max(createdMs + (row.upd ?? 0) * 60_000 + 20_000 + hashInt(`${key}:upd`, 40_000), lastCommentMs + 1_000),
  );
  const lastUpdate = graphTime(updatedMs, tick('updated'));
  const [classification, determination] =
    row.st === 'resolved' ? (row.cls ?? [TP, 'other']) : (row.cls ?? ['unknown', 'unknown']);
  const employee = employeeByKey(row.who);
  return buildAlert(row, {
    guid: guidFrom(key),
    incidentId: String(48_000 + index * 3 + hashInt(`${key}:incident`, 3)),
    tenantId,
    subject: employee,
    status: row.st,
    classification,
    determination,
    assignedTo: row.asg ? PERSONA_BY_KEY[row.asg].userPrincipalName : null,
    comments: comments.map(({ ms: _ms, ...c }) => c),
    createdDateTime: graphTime(createdMs, tick('created')),
    lastUpdateDateTime: lastUpdate,
    firstActivityDateTime: graphTime(
      Math.floor((createdMs - 60_000 - hashInt(`${key}:activity`, 480_000)) / 1000) * 1000,
    ),
    resolvedDateTime: row.st === 'resolved' ? lastUpdate : null,
  });
}

/** The employee the false-positive story is about: her two oldest alerts were closed as false positives. */
export const EARLIER_FALSE_POSITIVES_USER = 'jessica';

/**
 * The whole local tenant: directory, the seeded DLP alerts (times spread over the ~10 days before `now`),
 * a few Defender for Cloud alerts, the Defender for Endpoint alert one of their incidents also holds (last in
 * `alerts`), the incidents, and
 * a few hundred CloudAppEvents rows of the alerts' users around each alert, and the DataSecurityEvents rows of a few
 * alerts' DLP matches (blocked, overridden, audited).
 */
export function buildSeedTenant(now: Date, options: { storm?: boolean } = {}): LocalTenant {
  const nowMs = now.getTime();
  const directory = buildDirectory();
  const alerts = SEED_ROWS.map((row, i) => buildSeedAlert(row, i, LOCAL_TENANT_ID, nowMs));
  const groupOf = (i: number) => SEED_ROWS[i]?.inc;
  groupAlerts(alerts, groupOf);
  const names = groupNames(alerts, groupOf);
  const usb = alerts.find((_, i) => SEED_ROWS[i]!.act === 'usbExfil')!;
  const cloud = buildCloudAlerts(nowMs, LOCAL_TENANT_ID, employeeByKey, PERSONA_BY_KEY.rui.userPrincipalName);
  const storm = options.storm ? seedStorm(alerts, nowMs) : [];
  const all = [...alerts, ...storm, ...cloud, correlatedEndpointAlert(usb, PERSONA_BY_KEY.rui.userPrincipalName)];
  const actor = (i: number) => activityActor(directory, employeeByKey(SEED_ROWS[i]!.who));
  const activity = SEED_ROWS.flatMap((row, i) => activityAround(alerts[i]!, actor(i), nowMs, { pattern: row.act }));
  const dataSecurityEvents = SEED_ROWS.flatMap((row, i) =>
    row.dse ? dlpEventsAround(alerts[i]!, actor(i), nowMs) : [],
  );
  return {
    schemaVersion: 1,
    tenantId: LOCAL_TENANT_ID,
    alerts: all,
    incidents: buildIncidents(all, names, groupTags(alerts, groupOf)),
    activity: sortActivity(activity),
    dataSecurityEvents: dataSecurityEvents.sort((a, b) => compareTimestamps(a.Timestamp, b.Timestamp)),
    directory,
  };
}

/**
 * The seed's storm (LOCAL_SEED_STORM): 24 more matches of Contoso PCI by Sofia Rossi, one every 20 s from
 * 40 minutes before `now` (her sync client re-sharing a folder), in the incident of her PCI alert.
 */
function seedStorm(alerts: Record<string, unknown>[], nowMs: number): Record<string, unknown>[] {
  const i = SEED_ROWS.findIndex((row) => row.who === 'sofia' && row.p === 'pci');
  return buildStormAlerts(alerts[i]!, { count: 24, firstMs: nowMs - 40 * 60_000, stepMs: 20_000, key: 'seed-storm' });
}

/** An alert's user as the activity builder needs them: with the region of their administrative unit. */
export function activityActor(directory: LocalTenant['directory'], user: LocalUser) {
  const unit = directory.administrativeUnits.find((au) => au.members.includes(user.id));
  return { ...user, region: unit?.displayName ?? null };
}
