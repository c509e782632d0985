import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.js';

/**
 * Cards laid out as an Adaptive Cards host draws them: the `adaptivecards` JavaScript renderer (the one
 * the Agents Playground and web hosts use) in headless Chromium, in a host of a given width.
 */

const RENDERER = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

export interface Overflow {
  cardWidth: number;
  hostWidth: number;
  /** Elements of the card's body whose box reaches past the card's right (or left) edge. */
  outside: string[];
  /** Sensitive types whose text is missing, or drawn outside the card or a clipping ancestor. */
  hidden: string[];
}

/** Renders `card` into a `width`-px host and measures it in the page. */
async function measure(page: Page, card: unknown, width: number, texts: string[]): Promise<Overflow> {
  return page.evaluate(
    ({ card, width, texts }) => {
      const host = document.getElementById('host')!;
      host.replaceChildren();
      host.style.width = `${width}px`;
      const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
      const adaptive = new AC.AdaptiveCard();
      adaptive.parse(card);
      const rendered: HTMLElement = adaptive.render();
      host.appendChild(rendered);
      const box = rendered.getBoundingClientRect();
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').slice(0, 40)}"`;
      const outside: string[] = [];
      for (const el of rendered.querySelectorAll('*')) {
        // The action bar is the host's to lay out (its width depends on the host's button styles), not the facts'.
        if (el.closest('.ac-actionSet')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue; // not displayed (a closed show-card)
        if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
          outside.push(`${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
      const hidden: string[] = [];
      for (const text of texts) {
        const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
        let node: Node | null;
        let found: { node: Node; at: number } | undefined;
        while ((node = walker.nextNode())) {
          const at = (node.textContent ?? '').indexOf(text);
          if (at >= 0) {
            found = { node, at };
            break;
          }
        }
        if (!found) {
          hidden.push(`${text}: not on the card`);
          continue;
        }
        const range = document.createRange();
        range.setStart(found.node, found.at);
        range.setEnd(found.node, found.at + text.length);
        // The text must lie inside the card and inside every ancestor that clips its content.
        const clips: Element[] = [rendered];
        for (let el = found.node.parentElement; el && el !== rendered; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clips.push(el);
        }
        for (const r of range.getClientRects()) {
          for (const clip of clips) {
            const c = clip.getBoundingClientRect();
            if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) {
              hidden.push(
                `${text}: drawn at ${Math.round(r.left)}..${Math.round(r.right)}, outside ${describe(clip)} (${Math.round(c.left)}..${Math.round(c.right)})`,
              );
            }
          }
        }
      }
      return { cardWidth: box.width, hostWidth: width, outside, hidden };
    },
    { card, width, texts },
  );
}

/** A page with the renderer loaded; `measure` a card in it, `close` when done. */
export class CardLayout {
  private constructor(
    private readonly profile: string,
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async open(): Promise<CardLayout> {
    if (!hasChromium) throw new Error(`${CHROMIUM} is needed (Debian package chromium; .ci/run installs it)`);
    const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-card-layout-chromium-'));
    const context = await launchChromium(profile, []); // hermetic: the page is built in place
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(
      '<!doctype html><html><body style="margin:0;font-family:sans-serif"><div id="host"></div></body></html>',
    );
    await page.addScriptTag({ path: RENDERER });
    // tsx compiles with esbuild's keepNames, which wraps the functions `measure` sends to the page in `__name`.
    await page.evaluate('window.__name = (fn) => fn');
    return new CardLayout(profile, context, page);
  }

  /** Renders `card` in a `width`-px host: what reaches past the card, and which `texts` are not visible. */
  measure(card: unknown, width: number, texts: string[]): Promise<Overflow> {
    return measure(this.page, card, width, texts);
  }

  async close(): Promise<void> {
    await this.context.close();
    await fs.rm(this.profile, { recursive: true, force: true });
  }
}
