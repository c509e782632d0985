/**
 * The page side of test/support/card-render-page.ts, part 2: drawing cards with the `adaptivecards`
 * renderer into a host of a given width and opening every show card (Assign, Classify, More…, …) in turn,
 * measuring each state (card-render-measure.ts). Installed in the page from source, like part 1
 * (`pageScript` in card-render-page.ts).
 */
import type * as Measure from './card-render-measure.js';
import type { Findings, TextContrast } from './card-render-measure.js';

/** card-render-measure.ts in the page: one global object, since a module's imports do not exist there. */
declare const cardMeasure: typeof Measure;

export type { TextContrast };

/** What `inspectCardsInPage` is given. */
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

/** The measurements of one card in one host width and theme. */
export interface Inspection {
  cardWidth: number;
  /** Every state measured: "card", then "opened <title>" per show card. */
  states: string[];
  /** Elements that reach past the card's edges, or content cut off by a box that clips it. */
  overflow: string[];
  /** Button titles cut short (an ellipsis): the host lays buttons out, so these are reported, not failed. */
  truncatedButtons: string[];
  texts: TextContrast[];
}

/** Runs in the page (renderer, markdown-it and `#host` loaded): each card in turn; the last stays drawn. */
export function inspectCardsInPage(args: InspectArgs): Inspection[] {
  document.body.style.background = args.background;
  let sheet = document.getElementById('theme');
  if (!sheet) document.head.appendChild((sheet = Object.assign(document.createElement('style'), { id: 'theme' })));
  sheet.textContent = args.css;
  const probe = document.body.appendChild(document.createElement('span'));
  const defaults = new Set(
    args.defaultColors.map((color) => {
      probe.style.color = color;
      return getComputedStyle(probe).color;
    }),
  );
  probe.remove();
  const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
  const hostConfig = new AC.HostConfig(args.hostConfig);
  return args.cards.map((card) => {
    const host = document.getElementById('host')!;
    host.replaceChildren();
    host.removeAttribute('style');
    host.style.width = `${args.width}px`;
    const adaptive = new AC.AdaptiveCard();
    adaptive.hostConfig = hostConfig;
    adaptive.parse(card);
    const rendered: HTMLElement = host.appendChild(adaptive.render());
    return inspectCard(rendered, defaults, args.openShowCards !== false);
  });
}

/** Measures the drawn card, then again after opening each show card. */
export function inspectCard(rendered: HTMLElement, defaults: Set<string>, openShowCards: boolean): Inspection {
  const found: Findings = { overflow: new Set(), truncatedButtons: new Set(), texts: [], seen: new Set(), defaults };
  const states = ['card'];
  const measure = (state: string) => {
    cardMeasure.measureLayout(rendered, found);
    cardMeasure.measureTexts(rendered, state, found);
  };
  measure('card');
  const opened = new Set<Element>();
  for (let i = 0; openShowCards && i < 60; i++) {
    // The last unopened show card first: a show card's own show cards come after it in the page.
    const next = [...rendered.querySelectorAll('button[aria-expanded]')]
      .filter((b) => !opened.has(b) && b.getClientRects().length > 0)
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
    overflow: [...found.overflow],
    truncatedButtons: [...found.truncatedButtons],
    texts: found.texts,
  };
}
