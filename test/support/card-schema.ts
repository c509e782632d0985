/**
 * Validates cards against the Adaptive Cards 1.5 JSON schema (see shared/reference/adaptive-cards-schema.md).
 *
 * The schema next to this file is a verbatim copy of `schemas/1.5.0/adaptive-card.json` from
 * microsoft/AdaptiveCards (commit 0353e1bd503ae180c814f4ff27f7d5b2134e0e21), MIT licence,
 * Copyright (c) 2017 Microsoft. It is kept in the repo so tests do not depend on shared/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { withChartFallbacks } from './card-charts.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..');
const LOCAL_SCHEMA = path.join(here, 'adaptive-card-1.5.schema.json');
/** CI checks shared/ out beside the clone; used only if the local copy is missing. */
const SHARED_SCHEMA = path.resolve(projectRoot, '..', 'shared', 'reference', 'adaptive-card-1.5.schema.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const file = existsSync(LOCAL_SCHEMA) ? LOCAL_SCHEMA : SHARED_SCHEMA;
  const { id, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as { id?: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const require = createRequire(import.meta.url);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  // ajv-formats is CommonJS: under NodeNext the default import is module.exports; the plugin is its `.default`.
  addFormatsModule.default(ajv);
  // The schema uses the draft-04 style top-level "id"; ajv 8 only accepts "$id".
  compiled = ajv.compile({ $id: id, ...rest });
  return compiled;
}

/**
 * Returns the card's problems (empty = valid): schema errors (of the card with each Teams chart replaced by
 * its fallback, which a chart must have), wrong type/version, and a malformed `msteams` part.
 */
export function validateAdaptiveCard(card: unknown): string[] {
  if (typeof card !== 'object' || card === null || Array.isArray(card)) return ['card is not a JSON object'];
  const { msteams, ...rest } = card as Record<string, unknown>;
  const errors: string[] = [];
  if (rest.type !== 'AdaptiveCard') errors.push(`type must be "AdaptiveCard", got ${JSON.stringify(rest.type)}`);
  if (rest.version !== '1.5') errors.push(`version must be "1.5", got ${JSON.stringify(rest.version)}`);
  const validate = validator();
  // Teams charts are not in the 1.5 schema: validate what a 1.5 client draws, each chart's fallback.
  const withoutPeoplePicker = withChartFallbacks(stripDataQueries(rest, errors), errors);
  if (!validate(withoutPeoplePicker)) errors.push(...(validate.errors ?? []).map(formatError));
  if (msteams !== undefined) errors.push(...checkMsTeams(msteams, collectTexts(rest)));
  return errors;
}

/**
 * Teams' people picker and dynamic typeahead put `choices.data` ({ type: 'Data.Query', dataset }) on an
 * Input.ChoiceSet (teams-platform.md §2); the 1.5 schema predates it. Checks its shape and returns a
 * copy of the card without it for schema validation.
 */
function stripDataQueries(node: unknown, errors: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => stripDataQueries(n, errors));
  if (typeof node !== 'object' || node === null) return node;
  const { 'choices.data': query, ...rest } = node as Record<string, unknown>;
  if (query !== undefined) {
    const q = query as { type?: unknown; dataset?: unknown };
    if (rest.type !== 'Input.ChoiceSet') errors.push('choices.data is only allowed on Input.ChoiceSet');
    if (q?.type !== 'Data.Query' || typeof q.dataset !== 'string' || !q.dataset)
      errors.push('choices.data must be { type: "Data.Query", dataset: "<name>" }');
  }
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, stripDataQueries(v, errors)]));
}

function formatError(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
  return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
}

function checkMsTeams(msteams: unknown, texts: string[]): string[] {
  if (typeof msteams !== 'object' || msteams === null || Array.isArray(msteams)) return ['msteams must be an object'];
  const { width, entities } = msteams as { width?: unknown; entities?: unknown };
  const errors: string[] = [];
  if (width !== undefined && width !== 'Full')
    errors.push(`msteams.width must be "Full", got ${JSON.stringify(width)}`);
  if (entities === undefined) return errors;
  if (!Array.isArray(entities)) return [...errors, 'msteams.entities must be an array'];
  for (const [i, entity] of (entities as unknown[]).entries()) {
    const e = entity as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } } | null;
    const where = `msteams.entities[${i}]`;
    if (!e || e.type !== 'mention') {
      errors.push(`${where}.type must be "mention"`);
      continue;
    }
    const text = e.text;
    if (typeof text !== 'string' || !/^<at>.+<\/at>$/.test(text)) {
      errors.push(`${where}.text must look like "<at>Name</at>"`);
      continue;
    }
    if (typeof e.mentioned?.id !== 'string' || e.mentioned.id === '') errors.push(`${where}.mentioned.id is missing`);
    if (typeof e.mentioned?.name !== 'string') errors.push(`${where}.mentioned.name is missing`);
    if (!texts.some((t) => t.includes(text))) errors.push(`${where}.text ${text} does not appear in the card text`);
  }
  return errors;
}

/** Every string under a `text`, `title` or `value` key (TextBlock, TextRun, Fact), anywhere in the card. */
function collectTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectTexts(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && (key === 'text' || key === 'title' || key === 'value')) out.push(value);
      else collectTexts(value, out);
    }
  }
  return out;
}
