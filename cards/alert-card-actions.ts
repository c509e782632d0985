import type { CardVerb } from './card-verbs.js';

/** The alert card's buttons: which ones the template draws, and how the action row stays short. Pure. */

const MAX_TOP_LEVEL_ACTIONS = 5;
const MORE_ACTIONS_PER_ROW = 4;

/** Which buttons the template draws: the view's verbs, less Assign to me on the viewer's own alert. */
export function shown(actions: ReadonlySet<CardVerb>, mine: boolean, canRemediate: boolean) {
  const can = (verb: CardVerb) => actions.has(verb);
  return {
    // Already theirs: the button would only say so.
    assignToMe: can('alert.assignToMe') && !mine,
    investigate: can('alert.investigate'),
    classify: can('alert.classify'),
    setStatus: can('alert.setStatus'),
    comment: can('alert.comment'),
    assign: can('alert.assign'),
    remediate: can('alert.remediate') && canRemediate,
    details: can('alert.details'),
    history: can('alert.history'),
    share: can('alert.share'),
    unshare: can('alert.unshare'),
    refresh: can('alert.refresh'),
  };
}

/** Keeps the top-level action row short (mobile): the first four stay, the rest move into a "More…" card. */
export function foldOverflow(actions: unknown[], more: string): unknown[] {
  if (actions.length <= MAX_TOP_LEVEL_ACTIONS) return actions;
  const rest = actions.slice(MAX_TOP_LEVEL_ACTIONS - 1);
  const rows = [];
  for (let i = 0; i < rest.length; i += MORE_ACTIONS_PER_ROW) {
    rows.push({ type: 'ActionSet', actions: rest.slice(i, i + MORE_ACTIONS_PER_ROW) });
  }
  return [
    ...actions.slice(0, MAX_TOP_LEVEL_ACTIONS - 1),
    { type: 'Action.ShowCard', title: more, card: { type: 'AdaptiveCard', body: rows } },
  ];
}
