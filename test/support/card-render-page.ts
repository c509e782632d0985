import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inspectCard, inspectCardsInPage, type InspectArgs, type Inspection } from './card-render-inspect.js';
import * as measure from './card-render-measure.js';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.js';
import { teamsHostConfig, themeBackground, type TeamsTheme } from './teams-host-configs.js';
import { teamsHostCss } from './teams-host-css.js';

/**
 * The product's cards as a Teams client draws them: the official `adaptivecards` JavaScript renderer, with a
 * Teams host config (light, dark or high contrast) and CommonMark through `markdown-it`, in one headless
 * Chromium page. Everything is loaded from node_modules: the page reaches no network.
 */

const resolve = createRequire(import.meta.url).resolve;
const RENDERER = resolve('adaptivecards/dist/adaptivecards.min.js');
const RENDERER_CSS = resolve('adaptivecards/dist/adaptivecards.css');
const MARKDOWN = resolve('markdown-it/browser');

/** How to install what is missing, in the words a failing test shows. */
export const CHROMIUM_MISSING = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)`;

/**
 * The page-side functions as one script of globals: each function's source, and card-render-measure.ts
 * gathered into the `cardMeasure` object card-render-inspect.ts calls it through.
 */
function pageScript(): string {
  const helpers = Object.entries(measure).filter(([, value]) => typeof value === 'function');
  return [
    ...helpers.map(([, fn]) => String(fn)),
    `const cardMeasure = { ${helpers.map(([name]) => name).join(', ')} };`,
    String(inspectCard),
    String(inspectCardsInPage),
  ].join('\n');
}

/** Where and how a card is drawn. */
export interface RenderTarget {
  width: number;
  theme: TeamsTheme;
}

/** The theme's plain text colours (normal and subtle, CSS), as the renderer writes them. */
function defaultColors(theme: TeamsTheme): string[] {
  const config = teamsHostConfig(theme) as { containerStyles: Record<string, { foregroundColors: any }> };
  return Object.values(config.containerStyles).flatMap((s) => {
    const d = s.foregroundColors.default as { default: string; subtle: string };
    return [d.default, d.subtle].map(argbToCss);
  });
}

/** `#AARRGGBB` (the host config's form) → `rgba(...)`; `#RRGGBB` stays. */
function argbToCss(color: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  const [a, r, g, b] = m.slice(1).map((h) => parseInt(h, 16)) as [number, number, number, number];
  return `rgba(${r}, ${g}, ${b}, ${a / 255})`;
}

/** One Chromium page with the renderer loaded; `inspect` or `screenshot` cards in it, `close` when done. */
export class CardRenderPage {
  private constructor(
    private readonly profile: string,
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  /** Fails, saying how to install it, when Chromium is missing: the test is never skipped. */
  static async open(): Promise<CardRenderPage> {
    if (!hasChromium) throw new Error(CHROMIUM_MISSING);
    const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-card-render-chromium-'));
    try {
      const context = await launchChromium(profile, [], { viewport: { width: 800, height: 900 } });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setContent(
        '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="host"></div></body></html>',
      );
      await page.addStyleTag({ path: RENDERER_CSS });
      await page.addScriptTag({ path: MARKDOWN });
      await page.addScriptTag({ path: RENDERER });
      await page.addScriptTag({ content: pageScript() });
      // tsx compiles with esbuild's keepNames, which wraps functions sent to the page in `__name`.
      await page.evaluate('window.__name = (fn) => fn');
      // Teams renders card markdown (CommonMark subset; raw HTML is not passed through).
      await page.evaluate(`AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
        result.outputHtml = window.markdownit({ html: false, linkify: false }).render(text);
        result.didProcess = true;
      }`);
      return new CardRenderPage(profile, context, page);
    } catch (e) {
      await fs.rm(profile, { recursive: true, force: true });
      throw e;
    }
  }

  /** Renders each card and measures it in every state its show cards give it (one round trip for all). */
  inspect(cards: readonly unknown[], target: RenderTarget): Promise<Inspection[]> {
    return this.page.evaluate((args) => (window as any).inspectCardsInPage(args), this.args(cards, target));
  }

  /** Renders `card` as posted (show cards closed) and writes a PNG of it on a Teams-grey margin. */
  async screenshot(card: unknown, target: RenderTarget, file: string): Promise<void> {
    const args = { ...this.args([card], target), openShowCards: false };
    await this.page.evaluate((a) => (window as any).inspectCardsInPage(a), args);
    await this.page.evaluate(() => {
      const host = document.getElementById('host')!;
      Object.assign(host.style, { boxSizing: 'content-box', padding: '12px', background: '#f5f5f5' });
      Object.assign((host.firstElementChild as HTMLElement).style, {
        borderRadius: '6px',
        boxShadow: '0 1px 3px rgba(0,0,0,.15)',
      });
    });
    await this.page.locator('#host').screenshot({ path: file });
  }

  private args(cards: readonly unknown[], { width, theme }: RenderTarget): InspectArgs {
    return {
      cards: [...cards],
      hostConfig: teamsHostConfig(theme),
      background: themeBackground(theme),
      css: teamsHostCss(theme),
      width,
      defaultColors: defaultColors(theme),
    };
  }

  async close(): Promise<void> {
    await this.context.close();
    await fs.rm(this.profile, { recursive: true, force: true });
  }
}
