/**
 * The page side of test/support/card-render-page.ts, part 1: measuring one drawn state of a card. Every
 * function here runs in the browser, installed there from its source (`Function.prototype.toString`), so
 * each may use only browser globals and the other functions of this file and card-render-inspect.ts.
 */

/** One text of the rendered card and its contrast against what is actually behind it. */
export interface TextContrast {
  text: string;
  /** Where: the initial card, or which show card was open. */
  state: string;
  color: string;
  background: string;
  ratio: number;
  /** 4.5, or 3 for large text (≥ 24 px, or ≥ 18.66 px and bold). */
  required: number;
  /** Drawn in a colour other than the theme's default or subtle text colour. */
  colored: boolean;
}

/** What the measurements of one card collect, over all its states. */
export interface Findings {
  overflow: Set<string>;
  truncatedButtons: Set<string>;
  texts: TextContrast[];
  /** Text, colour and background already listed. */
  seen: Set<string>;
  /** The theme's plain text colours, as computed styles write them. */
  defaults: Set<string>;
}

/** `rgb(...)`/`rgba(...)` as [r, g, b, a]; anything else transparent. */
export function rgba(css: string): number[] {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) return [0, 0, 0, 0];
  const [r = 0, g = 0, b = 0, a = 1] = m[1]!
    .split(/[ ,/]+/)
    .filter(Boolean)
    .map(Number);
  return [r, g, b, a];
}

/** `top` painted over the opaque `under`. */
export function over(top: number[], under: number[]): number[] {
  const a = top[3]!;
  return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a)).concat(1);
}

/** WCAG relative luminance. */
export function luminance(c: number[]): number {
  const lin = c.slice(0, 3).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** The opaque colour behind `el`: its background and its ancestors', composed up to the first opaque one. */
export function backgroundOf(el: Element | null, cache: Map<Element, number[]>): number[] {
  if (!el) return [255, 255, 255, 1];
  let bg = cache.get(el);
  if (!bg) {
    const c = rgba(getComputedStyle(el).backgroundColor);
    const under = () => backgroundOf(el.parentElement, cache);
    bg = c[3] === 1 ? c : c[3] === 0 ? under() : over(c, under());
    cache.set(el, bg);
  }
  return bg;
}

/** An element in a failure message: tag, classes and the start of its text. */
export function describeElement(el: Element): string {
  return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 50)}"`;
}

/** Elements reaching past the card's edges, and content cut off by a box that clips it. */
export function measureLayout(rendered: HTMLElement, found: Findings): void {
  const box = rendered.getBoundingClientRect();
  for (const el of [rendered, ...rendered.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue; // not displayed (a closed show card)
    if (r.right > box.right + 0.5 || r.left < box.left - 0.5) {
      const span = `${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(box.left)}..${Math.round(box.right)}`;
      found.overflow.add(`${describeElement(el)} spans ${span}`);
    }
    // Content wider than a box that clips it is cut off (an ellipsis, a hidden end); a box that does not
    // clip shows its overflow, which the edge check above catches if it leaves the card.
    if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
    if (el !== rendered && getComputedStyle(el).overflowX === 'visible') continue;
    // A button's title is the host's to fit (Teams' clients lay buttons out themselves): reported apart.
    if (el.closest('.ac-pushButton'))
      found.truncatedButtons.add(`"${el.textContent?.trim()}" shows ${el.clientWidth} of ${el.scrollWidth} px`);
    else found.overflow.add(`${describeElement(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px`);
  }
}

/** The contrast of every visible text of the card in this state. */
export function measureTexts(rendered: HTMLElement, state: string, found: Findings): void {
  const cache = new Map<Element, number[]>();
  const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node.textContent ?? '').trim();
    // Buttons and form controls are the host's chrome (Teams draws them), not the card's text; so is the
    // required-input cue ("*", aria-hidden), drawn in the host config's colour.
    const chrome = 'button, select, input, textarea, [aria-hidden="true"]';
    if (!el || !text || el.closest(chrome) || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const bg = backgroundOf(el, cache);
    const [hi, lo] = [luminance(over(rgba(style.color), bg)), luminance(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const entry: TextContrast = {
      text: text.slice(0, 60),
      state,
      color: style.color,
      background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
      ratio: Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100,
      required: large ? 3 : 4.5,
      colored: !found.defaults.has(style.color),
    };
    const key = `${entry.text}|${entry.color}|${entry.background}`;
    if (!found.seen.has(key)) found.texts.push(entry);
    found.seen.add(key);
  }
}
