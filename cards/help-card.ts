import type { AdaptiveCard } from './adaptive-card.js';
import { md } from './card-text.js';

/**
 * The help card: every text command with one line each, and an optional lead line (e.g. "I did not
 * understand …", which quotes what the user typed). Every text is escaped: usages hold `<placeholders>`.
 */
export function renderHelpCard(
  commands: ReadonlyArray<{ usage: string; description: string }>,
  lead?: string,
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      ...(lead ? [{ type: 'TextBlock', text: md(lead), wrap: true, color: 'accent' }] : []),
      { type: 'TextBlock', text: 'DLP Triage commands', weight: 'bolder', size: 'medium', wrap: true },
      {
        type: 'TextBlock',
        text: 'In a channel, mention me first (for example "@DLP Triage help").',
        isSubtle: true,
        wrap: true,
        spacing: 'none',
      },
      ...commands.flatMap((c) => [
        {
          type: 'TextBlock',
          text: md(c.usage),
          fontType: 'monospace',
          weight: 'bolder',
          wrap: true,
          spacing: 'medium',
        },
        { type: 'TextBlock', text: md(c.description), wrap: true, spacing: 'none' },
      ]),
    ],
  };
}
