import { graphTime, guidFrom } from './local-seed-hash.js';

type RawAlert = Record<string, unknown>;

/** How a storm is drawn: its size, when its first match was, the time between matches. */
export interface StormShape {
  count: number;
  firstMs: number;
  stepMs: number;
  /** Makes the alert ids of one storm distinct from another's. */
  key: string;
}

/**
 * A storm: `count` new DLP alerts copied from `base` (same user, same policy and rule, same incident), one
 * every `stepMs` from `firstMs` — as one user's sync client raises dozens of matches of one rule in
 * minutes. Each has its own id, times and file name (`<name>-<n>.<ext>`); all are new and unassigned.
 */
export function buildStormAlerts(base: RawAlert, shape: StormShape): RawAlert[] {
  const baseId = String(base.id);
  const fileName = fileNameOf(base);
  return Array.from({ length: shape.count }, (_, i) => {
    const guid = guidFrom(`${shape.key}:${i}`);
    const id = `dl${guid}`;
    let text = JSON.stringify(base).split(baseId).join(id);
    if (fileName) text = text.split(fileName).join(numbered(fileName, i + 1));
    const created = shape.firstMs + i * shape.stepMs;
    const raw = JSON.parse(text) as RawAlert;
    const evidence = Array.isArray(raw.evidence) ? (raw.evidence as RawAlert[]) : [];
    return {
      ...raw,
      id,
      providerAlertId: guid,
      status: 'new',
      classification: 'unknown',
      determination: 'unknown',
      assignedTo: null,
      comments: [],
      createdDateTime: graphTime(created, 1_000 + i),
      lastUpdateDateTime: graphTime(created + 20_000, 2_000 + i),
      resolvedDateTime: null,
      firstActivityDateTime: graphTime(Math.floor((created - 30_000) / 1000) * 1000),
      lastActivityDateTime: graphTime(Math.floor((created - 30_000) / 1000) * 1000),
      evidence: evidence.map((e) => ({ ...e, createdDateTime: graphTime(created, 1_000 + i) })),
    };
  });
}

function fileNameOf(raw: RawAlert): string | undefined {
  const file = (raw.evidence as RawAlert[] | undefined)?.find((e) => typeof e.fileDetails === 'object');
  const name = (file?.fileDetails as RawAlert | undefined)?.fileName;
  return typeof name === 'string' && name.length > 3 ? name : undefined;
}

function numbered(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}` : `${fileName}-${n}`;
}
