import type { AlertCardLabels } from './alert-card-labels.js';
import { CompiledTemplate } from './compiled-template.js';
import templateJson from './templates/alert-card.json' with { type: 'json' };

/*
 * The alert card's compiled template (cards/compiled-template.ts) in one language. Its `labels.*` bindings
 * are replaced by that language's words before it is compiled, so an expansion evaluates only the alert's
 * data. Compiling parses every binding (a few ms), so each language's template is compiled once and
 * shared: `expand` is synchronous and keeps no per-call state, and nothing mutates a compiled template.
 */

const byWords = new Map<string, CompiledTemplate>();
const byLabels = new WeakMap<AlertCardLabels, CompiledTemplate>();
/** Languages (and test translators) whose Templates are kept; far more than the catalogue has. */
const MAX_TEMPLATES = 16;
const LABEL_BINDING = /^\$\{(?:\$root\.)?labels\.(\w+)\}$/;

/** The prepared alert-card Template with these labels written in. */
export function alertCardTemplate(labels: AlertCardLabels): CompiledTemplate {
  let template = byLabels.get(labels);
  if (!template) {
    const words = JSON.stringify(labels);
    template = byWords.get(words);
    if (!template) {
      if (byWords.size >= MAX_TEMPLATES) byWords.clear();
      template = new CompiledTemplate(withLabels(templateJson, labels));
      byWords.set(words, template);
    }
    byLabels.set(labels, template);
  }
  return template;
}

/** The template JSON with each label binding replaced by its words (a word that reads as a binding stays bound). */
function withLabels(node: unknown, labels: AlertCardLabels): unknown {
  if (typeof node === 'string') {
    const name = LABEL_BINDING.exec(node)?.[1];
    const words = name !== undefined && Object.hasOwn(labels, name) ? labels[name as keyof AlertCardLabels] : undefined;
    return words === undefined || words.includes('${') ? node : words;
  }
  if (Array.isArray(node)) return node.map((n) => withLabels(n, labels));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withLabels(v, labels)]));
  }
  return node;
}
