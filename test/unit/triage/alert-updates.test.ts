import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import type { Alert } from '../../../src/triage/alert.js';
import { AlertUpdates } from '../../../src/triage/alert-updates.js';
import { firstAssignmentAt } from '../../../src/triage/digest/digest-rules.js';
import type { AlertNotifier, AlertPatch, AlertStore, Notice } from '../../../src/triage/ports.js';
import { mentionMarkup, parseViaTeamsComment } from '../../../src/triage/teams-markup.js';
import { TriageError } from '../../../src/triage/triage-error.js';
import { MemoryAudit, alertAged } from '../../support/digest-fixtures.js';
import { AVERY, EMMA, SAM, subjectIn } from '../../support/digest-service-fixture.js';
import { demoPolicy, who } from '../../support/demo-access.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

/** A Map-backed AlertStore: every write moves lastUpdatedAt on by a second, comments are appended. */
class MapAlertStore implements AlertStore {
  readonly alerts = new Map<string, Alert>();
  private tick = 0;

  constructor(...alerts: Alert[]) {
    for (const a of alerts) this.alerts.set(a.id, a);
  }

  async update(id: string, patch: AlertPatch): Promise<Alert> {
    const { assignedTo, ...rest } = patch;
    const unassign = assignedTo === null ? { assignedTo: undefined } : {};
    return this.save({ ...this.alerts.get(id)!, ...rest, ...(assignedTo ? { assignedTo } : unassign) });
  }

  async addComment(id: string, text: string): Promise<Alert> {
    const a = this.alerts.get(id)!;
    return this.save({ ...a, comments: [...a.comments, { author: 'DLP Triage', text, createdAt: this.stamp() }] });
  }

  async listAssignedTo(): Promise<Alert[]> {
    return [];
  }

  async listChangedSince(): Promise<{ alerts: Alert[] }> {
    return { alerts: [...this.alerts.values()] };
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.alerts.get(id);
  }

  private save(a: Alert): Alert {
    const saved = { ...a, lastUpdatedAt: this.stamp() };
    this.alerts.set(a.id, saved);
    return saved;
  }

  private stamp(): string {
    return new Date(NOW.getTime() + ++this.tick * 1000).toISOString();
  }
}

/** Records notices by kind; card updates are counted. */
class RecordingAlertNotifier implements AlertNotifier {
  readonly thread: Notice[] = [];
  readonly direct: { to: string; notice: Notice }[] = [];
  changed = 0;

  async alertChanged(): Promise<void> {
    this.changed++;
  }
  async postInThread(_alertId: string, notice: Notice): Promise<void> {
    this.thread.push(notice);
  }
  async sendToUser(to: string, notice: Notice): Promise<void> {
    this.direct.push({ to, notice });
  }
  async postToChannel(): Promise<void> {}
}

describe('AlertUpdates (domain, state-based fakes)', () => {
  let store: MapAlertStore;
  let notifier: RecordingAlertNotifier;
  let audit: MemoryAudit;
  let updates: AlertUpdates;
  let alert: Alert;

  beforeEach(() => {
    const tenant = buildSeedTenant(new Date('2026-01-01T00:00:00Z'));
    const directory = new LocalDirectory(() => tenant);
    alert = alertAged(NOW, 3_600_000, { subject: subjectIn('emea') });
    store = new MapAlertStore(alert);
    notifier = new RecordingAlertNotifier();
    audit = new MemoryAudit();
    const access = new AccessService(directory, demoPolicy, audit);
    updates = new AlertUpdates(store, directory, access, audit, notifier, { now: () => NOW });
  });

  it('assign: the via-Teams assignment comment parses back to its author and counts as the first assignment', async () => {
    const result = await updates.assign(who(AVERY), { alertId: alert.id, assignee: EMMA.id });
    assert.equal(result.changed, true);
    assert.equal(result.alert.assignedTo, EMMA.userPrincipalName);
    const [comment] = result.alert.comments;
    assert.deepEqual(parseViaTeamsComment(comment!.text), {
      author: AVERY.displayName,
      text: `assigned the alert to ${EMMA.displayName}`,
    });
    assert.equal(firstAssignmentAt(result.alert), Date.parse(comment!.createdAt));
    assert.equal(notifier.changed, 1);
    assert.deepEqual(
      audit.records.filter((r) => r.action === 'alert.assign').map((r) => r.details),
      [{ assignee: EMMA.id, previous: undefined }],
    );
  });

  it('assign: every mention in the thread notice is written with the markup its mention entity names', async () => {
    await updates.assign(who(AVERY), { alertId: alert.id, assignee: SAM.id });
    await updates.assign(who(AVERY), { alertId: alert.id, assignee: EMMA.id });
    const reassigned = notifier.thread.at(-1)!;
    assert.deepEqual(
      reassigned.mentions?.map((m) => m.name),
      [EMMA.displayName, SAM.displayName],
    );
    for (const m of reassigned.mentions!) assert.ok(reassigned.text!.includes(mentionMarkup(m.name)), m.name);
    assert.deepEqual(
      notifier.direct.map((d) => d.to),
      [SAM.id, EMMA.id, SAM.id],
      'the assignees, then the previous assignee, hear of it 1:1',
    );
  });

  it('comment: written as "<name> (via Teams): <text>"; the same comment twice within two minutes is added once', async () => {
    const first = await updates.comment(who(SAM), { alertId: alert.id, text: '  Checked with the owner. ' });
    const again = await updates.comment(who(SAM), { alertId: alert.id, text: 'Checked with the owner.' });
    assert.deepEqual([first.changed, again.changed], [true, false]);
    assert.deepEqual(
      store.alerts.get(alert.id)!.comments.map((c) => c.text),
      [`${SAM.displayName} (via Teams): Checked with the owner.`],
    );
  });

  it('a click on an older card version changes nothing; the same click on the current version applies', async () => {
    const old = alert.lastUpdatedAt;
    await updates.comment(who(SAM), { alertId: alert.id, text: 'moves the version on' });
    const input = { alertId: alert.id, status: 'inProgress' as const };
    await assert.rejects(
      updates.setStatus(who(SAM), { ...input, version: old }),
      (e: unknown) => e instanceof TriageError && e.code === 'stale',
    );
    assert.equal(store.alerts.get(alert.id)!.status, 'new');
    const current = store.alerts.get(alert.id)!.lastUpdatedAt;
    const result = await updates.setStatus(who(SAM), { ...input, version: current });
    assert.equal(result.alert.status, 'inProgress');
    assert.match(result.alert.comments.at(-1)!.text, /\(via Teams\): set the status to in progress/);
  });

  it('two classifications of one alert on the same version: one applies, the other is stale', async () => {
    const version = alert.lastUpdatedAt;
    const outcomes = await Promise.allSettled([
      updates.classify(who(SAM), {
        alertId: alert.id,
        version,
        classification: 'truePositive',
        determination: 'maliciousUserActivity',
      }),
      updates.classify(who(AVERY), {
        alertId: alert.id,
        version,
        classification: 'falsePositive',
        determination: 'notMalicious',
        comment: 'harmless',
      }),
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? 'applied' : (o.reason as TriageError).code)),
      ['applied', 'stale'],
    );
    assert.equal(store.alerts.get(alert.id)!.classification, 'truePositive');
  });
});
