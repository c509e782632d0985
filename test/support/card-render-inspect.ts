/**
 * What runs inside the page of test/support/card-render-page.ts: renders one card with the `adaptivecards`
 * renderer into a host of a given width, opens every show card (Assign, Classify, More…, …) one after
 * another, and in each state measures the layout and the contrast of every text. Self-contained: the
 * function is sent to the browser as source, so it may use nothing from outside its body.
 */

/** What `inspectCardInPage` is given. */
export interface InspectArgs {
  cards: unknown[];
  hostConfig: unknown;
  /** The page's background and the host stylesheet of the theme. */
  background: string;
  css: string;
  width: number;
  /** The theme's plain text colours (CSS), to tell coloured text from default text. */
  defaultColors: string[];
  /** Open every show card in turn (default); false leaves the card as posted. */
  openShowCards?: boolean;
}

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

/** The measurements of one card in one host width and theme. */
export interface Inspection {
  cardWidth: number;
  /** Every state measured: "card", then "opened <title>" per show card. */
  states: string[];
  /** Elements that reach past the card's edges or whose content is wider than their box. */
  overflow: string[];
  /** Button titles cut short (an ellipsis): the host lays buttons out, so these are reported, not failed. */
  truncatedButtons: string[];
  texts: TextContrast[];
}

/**
 * Runs in the browser (`window.AdaptiveCards` and `window.markdownit` loaded, `#host` present): inspects
 * each card in turn, in one call, and leaves the last one drawn.
 */
export function inspectCardsInPage(args: InspectArgs): Inspection[] {
  const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
  const hostConfig = new AC.HostConfig(args.hostConfig);
  document.body.style.background = args.background;
  let sheet = document.getElementById('theme');
  if (!sheet) document.head.appendChild((sheet = Object.assign(document.createElement('style'), { id: 'theme' })));
  sheet.textContent = args.css;
  const host = document.getElementById('host')!;
  const render = (card: unknown): HTMLElement => {
    host.replaceChildren();
    host.removeAttribute('style');
    host.style.width = `${args.width}px`;
    const adaptive = new AC.AdaptiveCard();
    adaptive.hostConfig = hostConfig;
    adaptive.parse(card);
    const rendered: HTMLElement = adaptive.render();
    host.appendChild(rendered);
    return rendered;
  };

  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const normalise = (css: string) => {
    probe.style.color = css;
    return getComputedStyle(probe).color;
  };
  const defaults = new Set(args.defaultColors.map(normalise));
  probe.remove();

  const rgba = (css: string): number[] => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const [r = 0, g = 0, b = 0, a = 1] = m[1]!
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return [r, g, b, a];
  };
  const over = (top: number[], under: number[]) => {
    const a = top[3]!;
    return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a)).concat(1);
  };
  let backgrounds = new Map<Element, number[]>();
  const backgroundOf = (el: Element | null): number[] => {
    if (!el) return [255, 255, 255, 1];
    let bg = backgrounds.get(el);
    if (!bg) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      bg = c[3] === 1 ? c : c[3] === 0 ? backgroundOf(el.parentElement) : over(c, backgroundOf(el.parentElement));
      backgrounds.set(el, bg);
    }
    return bg;
  };
  const luminance = (c: number[]) => {
    const lin = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
  };
  const css = (c: number[]) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 50)}"`;
  const visible = (el: Element) => el.getClientRects().length > 0;
  return args.cards.map(inspect);

  function inspect(card: unknown): Inspection {
    const rendered = render(card);
    const overflow = new Set<string>();
    const truncatedButtons = new Set<string>();
    const texts: TextContrast[] = [];
    const seen = new Set<string>();
    const measure = (state: string) => {
      backgrounds = new Map();
      const box = rendered.getBoundingClientRect();
      for (const el of [rendered, ...rendered.querySelectorAll('*')]) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue; // not displayed (a closed show card)
        if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
          overflow.add(
            `${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(box.left)}..${Math.round(box.right)}`,
          );
        // Content wider than a box that clips it is cut off (an ellipsis, a hidden end); a box that does not
        // clip shows its overflow, which the edge check above catches if it leaves the card.
        if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
        if (el !== rendered && getComputedStyle(el).overflowX === 'visible') continue;
        // A button's title is the host's to fit (Teams' clients lay buttons out themselves): reported apart.
        if (el.closest('.ac-pushButton'))
          truncatedButtons.add(`"${el.textContent?.trim()}" shows ${el.clientWidth} of ${el.scrollWidth} px`);
        else overflow.add(`${describe(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px`);
      }
      const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = (node.textContent ?? '').trim();
        // Buttons and form controls are the host's chrome (Teams draws them), not the card's text.
        // The host's required-input cue ("*", aria-hidden) is drawn in the host config's colour, not the card's.
        if (!el || !text || el.closest('button, select, input, textarea, [aria-hidden="true"]') || !visible(el))
          continue;
        const style = getComputedStyle(el);
        const bg = backgroundOf(el);
        const fg = over(rgba(style.color), bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        const entry: TextContrast = {
          text: text.slice(0, 60),
          state,
          color: style.color,
          background: css(bg),
          ratio: Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100,
          required: large ? 3 : 4.5,
          colored: !defaults.has(style.color),
        };
        const key = `${entry.text}|${entry.color}|${entry.background}`;
        if (!seen.has(key)) texts.push(entry);
        seen.add(key);
      }
    };

    const states = ['card'];
    measure('card');
    const opened = new Set<Element>();
    for (let i = 0; args.openShowCards !== false && i < 60; i++) {
      // The last unopened show card first: a show card's own show cards come after it in the page.
      const next = [...rendered.querySelectorAll('button[aria-expanded]')]
        .filter((b) => !opened.has(b) && visible(b))
        .pop() as HTMLElement | undefined;
      if (!next) break;
      opened.add(next);
      next.click();
      const state = `opened ${next.textContent?.trim() || next.getAttribute('aria-label') || '?'}`;
      states.push(state);
      measure(state);
    }
    return {
      cardWidth: rendered.getBoundingClientRect().width,
      states,
      overflow: [...overflow],
      truncatedButtons: [...truncatedButtons],
      texts,
    };
  }
}
