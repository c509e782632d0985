/**
 * Teams-like Adaptive Cards host configs for the three Teams themes, for rendering the product's cards with
 * the `adaptivecards` JavaScript renderer (test/support/card-render-page.ts).
 *
 * Light and dark: the values of the Adaptive Cards designer's Teams host configs, microsoft/AdaptiveCards
 * `samples/HostConfig/microsoft-teams-light.json` and `microsoft-teams-dark.json` (the designer's "Microsoft
 * Teams" host app; colours are `#AARRGGBB` there, the renderer reads them so): spacing, fonts, text colours
 * per container style, backgrounds, actions and fact sets.
 *
 * High contrast: Teams publishes no Adaptive Cards host config for it, so it is built from Teams' own
 * high-contrast theme, Fluent UI Northstar `packages/fluentui/react-northstar/src/themes/teams-high-contrast/`
 * (colors.ts: black background, white text, accessibleYellow #ffff00, accessibleGreen #3ff23f,
 * accessibleCyan #1aebff, red #f00; components/Text/textVariables.ts: errors and important text red, no
 * dimmed text). Every container style is black there: the theme has no tinted surfaces.
 */

/** One of the three Teams themes. */
export type TeamsTheme = 'light' | 'dark' | 'highContrast';

/** Every theme, in the order tests and screenshots use them. */
export const TEAMS_THEMES: readonly TeamsTheme[] = ['light', 'dark', 'highContrast'];

type Pair = readonly [normal: string, subtle: string];
interface Foregrounds {
  default: Pair;
  dark: Pair;
  light: Pair;
  accent: Pair;
  good: Pair;
  warning: Pair;
  attention: Pair;
}

const foregroundColors = (f: Foregrounds) =>
  Object.fromEntries(Object.entries(f).map(([name, [normal, subtle]]) => [name, { default: normal, subtle }]));

interface Palette {
  /** Text on the default and emphasis surfaces. */
  text: Foregrounds;
  /** Text on the tinted surfaces (accent, good, attention, warning). */
  tintedText: Foregrounds;
  background: string;
  emphasis: string;
  tinted: { accent: string; good: string; attention: string; warning: string };
  separator: string;
}

const LIGHT_TEXT: Foregrounds = {
  default: ['#ff252424', '#bf252424'],
  dark: ['#252424', '#bf252424'],
  light: ['#ffffff', '#fff3f2f1'],
  accent: ['#6264a7', '#8b8cc7'],
  good: ['#92c353', '#e592c353'],
  warning: ['#f8d22a', '#e5f8d22a'],
  attention: ['#c4314b', '#e5c4314b'],
};

const DARK_TEXT: Foregrounds = {
  default: ['#ffffffff', '#bfffffff'],
  dark: ['#ff201f1f', '#ff2d2c2c'],
  light: ['#ffffffff', '#bfffffff'],
  accent: ['#ffa6a7dc', '#ff8b8cc7'],
  good: ['#ff92c353', '#e592c353'],
  warning: ['#fff8d22a', '#e5f8d22a'],
  attention: ['#ffd74654', '#e5d74654'],
};

const HC_WHITE: Pair = ['#ffffff', '#ffffff'];
const HIGH_CONTRAST_TEXT: Foregrounds = {
  default: HC_WHITE,
  dark: HC_WHITE,
  light: HC_WHITE,
  accent: ['#1aebff', '#1aebff'],
  good: ['#3ff23f', '#3ff23f'],
  warning: ['#ffff00', '#ffff00'],
  attention: ['#ff0000', '#ff0000'],
};

const TEAMS_TINTS = { accent: '#C7DEF9', good: '#CCFFCC', attention: '#FFC5B2', warning: '#FFE2B2' };

const PALETTES: Record<TeamsTheme, Palette> = {
  light: {
    text: LIGHT_TEXT,
    tintedText: LIGHT_TEXT,
    background: '#ffffff',
    emphasis: '#fff9f8f7',
    tinted: TEAMS_TINTS,
    separator: '#EEEEEE',
  },
  dark: {
    text: DARK_TEXT,
    // The designer's dark config draws the tinted (light) surfaces with dark text.
    tintedText: { ...DARK_TEXT, default: ['#ff201f1f', '#ff2d2c2c'] },
    background: '#ff2d2c2c',
    emphasis: '#ff292828',
    tinted: TEAMS_TINTS,
    separator: '#EEEEEE',
  },
  highContrast: {
    text: HIGH_CONTRAST_TEXT,
    tintedText: HIGH_CONTRAST_TEXT,
    background: '#000000',
    emphasis: '#000000',
    tinted: { accent: '#000000', good: '#000000', attention: '#000000', warning: '#000000' },
    separator: '#ffffff',
  },
};

const FONT_SIZES = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const FONT_WEIGHTS = { lighter: 200, default: 400, bolder: 600 };

/** The page background behind the card in a theme (the card's own surface). */
export function themeBackground(theme: TeamsTheme): string {
  const bg = PALETTES[theme].background;
  // `#AARRGGBB` → CSS `#RRGGBB` (every background here is opaque).
  return bg.length === 9 ? `#${bg.slice(3)}` : bg;
}

/** The Adaptive Cards host config (JSON) of a Teams theme. */
export function teamsHostConfig(theme: TeamsTheme): Record<string, unknown> {
  const p = PALETTES[theme];
  const style = (backgroundColor: string, text: Foregrounds) => ({
    backgroundColor,
    foregroundColors: foregroundColors(text),
  });
  return {
    choiceSetInputValueSeparator: ',',
    supportsInteractivity: true,
    spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: p.separator },
    imageSizes: { small: 32, medium: 52, large: 100 },
    fontTypes: {
      default: {
        fontFamily: "'Segoe UI', Tahoma, Geneva, Verdana, sans-serif",
        fontSizes: FONT_SIZES,
        fontWeights: FONT_WEIGHTS,
      },
      monospace: { fontFamily: "'Courier New', Courier, monospace", fontSizes: FONT_SIZES, fontWeights: FONT_WEIGHTS },
    },
    containerStyles: {
      default: style(p.background, p.text),
      emphasis: style(p.emphasis, p.text),
      accent: style(p.tinted.accent, p.tintedText),
      good: style(p.tinted.good, p.tintedText),
      attention: style(p.tinted.attention, p.tintedText),
      warning: style(p.tinted.warning, p.tintedText),
    },
    actions: {
      maxActions: 6,
      spacing: 'Default',
      buttonSpacing: 8,
      showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
      preExpandSingleShowCardAction: false,
      actionsOrientation: 'Horizontal',
      actionAlignment: 'Left',
    },
    adaptiveCard: { allowCustomStyle: false },
    imageSet: { imageSize: 'Medium', maxImageHeight: 100 },
    factSet: {
      title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true },
      value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
      spacing: 16,
    },
  };
}
