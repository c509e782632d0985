import type { TeamsTheme } from './teams-host-configs.js';

/**
 * The host's stylesheet around the renderer's own (adaptivecards.css): what a host config cannot say, in
 * Teams' terms. Links are Teams' brand foreground (light #6264A7 as in the designer's Teams container CSS,
 * microsoft/AdaptiveCards `source/nodejs/adaptivecards-designer/src/containers/teams/`; dark `brand[400]`
 * #A6A7DC, Fluent UI Northstar `themes/teams-dark/colors.ts`; high contrast accessibleYellow, as Teams
 * shows links and mentions there). Buttons and inputs follow the designer's Teams CSS: 2 px brand
 * border, 34 px high; inputs are border-box, as every host's are (the renderer sizes them at 100 %).
 */
const THEME = {
  light: { text: '#252424', link: '#6264A7', button: '#6264A7', input: '#ffffff', inputBorder: '#e1dfdd' },
  dark: { text: '#ffffff', link: '#A6A7DC', button: '#6165A4', input: '#201E1F', inputBorder: '#201E1F' },
  highContrast: { text: '#ffffff', link: '#ffff00', button: '#ffffff', input: '#000000', inputBorder: '#ffffff' },
} satisfies Record<TeamsTheme, Record<string, string>>;

/** The stylesheet of a theme. */
export function teamsHostCss(theme: TeamsTheme): string {
  const t = THEME[theme];
  return `
a.ac-anchor:link, a.ac-anchor:visited, a.ac-anchor:link:active, a.ac-anchor:visited:active { color: ${t.link}; }
.ac-pushButton { height: 34px; padding: 4px 10px 5px 10px; background-color: transparent; color: ${t.text};
  border: 2px solid ${t.button}; border-radius: 4px; font-weight: 600; }
/* adaptivecards.css marks show-card buttons with a glyph of the Fabric icon font, which Teams does not load. */
.ac-pushButton.expandable:after { content: none; }
.ac-pushButton.expanded { background-color: ${t.button}; color: ${theme === 'light' ? '#ffffff' : '#000000'}; }
.ac-input { box-sizing: border-box; color: ${t.text}; }
.ac-input.ac-textInput, .ac-input.ac-numberInput, .ac-input.ac-dateInput, .ac-input.ac-timeInput,
.ac-input.ac-multichoiceInput { background-color: ${t.input}; border: 1px solid ${t.inputBorder}; border-radius: 4px;
  padding: 4px 8px; }
`;
}
