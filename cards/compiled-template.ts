import * as ACData from 'adaptivecards-templating';
import { LIBRARY, compileTemplate } from './template-compiler.js';

let checking = false;
const counts = { compiled: 0, library: 0 };

/** Tests: every compiled expansion is also done by the library and must give the same JSON (else it throws). */
export function checkCompiledAgainstLibrary(on: boolean): void {
  checking = on;
}

/** How many expansions, of every CompiledTemplate so far, were answered compiled and how many by the library. */
export function templateExpansions(): Readonly<typeof counts> {
  return { ...counts };
}

/**
 * An adaptivecards-templating Template compiled where it can be (cards/template-compiler.ts): `expand`
 * answers exactly what the library's would, mostly without evaluating every binding through it.
 */
export class CompiledTemplate {
  private readonly library: ACData.Template;
  private readonly compiled: ((root: object) => unknown) | undefined;

  constructor(payload: unknown) {
    this.library = new ACData.Template(payload);
    this.compiled = compileTemplate(payload);
  }

  /** Whether every binding of the template was compiled (else the library expands it every time). */
  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /** The template expanded for `root` (the `$root` data), as `new Template(payload).expand({ $root: root })`. */
  expand(root: object): unknown {
    const fast = this.compiled ? this.compiled(root) : LIBRARY;
    if (fast === LIBRARY) {
      counts.library++;
      return this.library.expand({ $root: root });
    }
    counts.compiled++;
    // Compared as JSON, key order included: the card is sent as that text.
    if (checking && JSON.stringify(fast) !== JSON.stringify(this.library.expand({ $root: root })))
      throw new Error('compiled template differs from the library');
    return fast;
  }
}
