/** A real DigestService over state-based fakes and the seeded demo directory and policy, for unit tests. */
import { DigestSubscriptions } from '../../src/digest/digest-subscriptions.js';
import { JournalDigestSubscriptions } from '../../src/state/file/journal-digest-subscriptions.js';
import { LocalDirectory } from '../../src/backends/local/local-directory.js';
import { EMPLOYEES, PERSONAS, buildSeedTenant } from '../../src/backends/local/local-seed.js';
import type { AccessPolicy } from '../../src/triage/access/access-policy.js';
import { AccessService } from '../../src/triage/access/access-service.js';
import type { Alert } from '../../src/triage/alert.js';
import { DEFAULT_SLA_HOURS } from '../../src/triage/digest/digest-rules.js';
import { DigestService } from '../../src/triage/digest/digest-service.js';
import type { TriageChannelLookup } from '../../src/triage/digest/digest-subscription.js';
import type { Clock } from '../../src/triage/ports.js';
import { MemoryAlertStore, MemoryAudit, RecordingNotifier } from './digest-fixtures.js';
import { demoPolicy } from './demo-access.js';

export const [AVERY, SAM, EMMA, RUI, VIC, MIA, OLU] = PERSONAS;

/** Alert subjects by region (seeded employees): their AU comes from the demo directory. */
export const SUBJECT = {
  emea: EMPLOYEES.find((e) => e.region === 'EMEA')!.user,
  apac: EMPLOYEES.find((e) => e.region === 'APAC')!.user,
  none: EMPLOYEES.find((e) => e.region === null)!.user,
};
export const subjectIn = (region: keyof typeof SUBJECT): Alert['subject'] => ({
  id: SUBJECT[region].id,
  userPrincipalName: SUBJECT[region].userPrincipalName,
  displayName: SUBJECT[region].displayName,
});

export interface DigestRig {
  service: DigestService;
  store: MemoryAlertStore;
  subscriptions: DigestSubscriptions;
  /** Closes the subscriptions' journal, as the app does on shutdown. */
  close(): Promise<void>;
  notifier: RecordingNotifier;
  audit: MemoryAudit;
  channels: Map<string, ReturnType<TriageChannelLookup['get']>>;
  /** The policy in force; replace to change grants. */
  policy: AccessPolicy;
}

export async function digestRig(dataDir: string, clock: Clock, alerts: Alert[] = []): Promise<DigestRig> {
  const tenant = buildSeedTenant(new Date('2026-01-01T00:00:00Z'));
  const audit = new MemoryAudit();
  const journal = await JournalDigestSubscriptions.open(dataDir);
  const rig = {
    store: new MemoryAlertStore(alerts),
    subscriptions: await DigestSubscriptions.load(journal),
    close: () => journal.close(),
    notifier: new RecordingNotifier(),
    audit,
    channels: new Map<string, ReturnType<TriageChannelLookup['get']>>(),
    policy: demoPolicy(),
  } as DigestRig;
  const access = new AccessService(new LocalDirectory(() => tenant), () => rig.policy, audit);
  rig.service = new DigestService({
    alerts: rig.store,
    access,
    directory: new LocalDirectory(() => tenant),
    notifier: rig.notifier,
    subscriptions: rig.subscriptions,
    channels: { get: (id) => rig.channels.get(id) },
    audit,
    clock,
    sla: DEFAULT_SLA_HOURS,
  });
  return rig;
}
