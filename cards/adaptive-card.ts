/** A rendered Adaptive Card 1.5 as plain JSON, ready to send as an attachment or invoke response. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: '1.5'; [k: string]: unknown };
