/**
 * sx for a one-line text clipped with an ellipsis (Typography noWrap) that never widens its container. Left
 * alone, such a line counts its full length when flex and grid layouts size the page, so one long complaint
 * makes the whole desk scroll sideways (tests/browser/scenarios/clerk.ts). Its own width is 0, and it
 * stretches to the room it has: the whole row (`clippedLine`) or what the row's other items leave
 * (`clippedFlexLine`, in a flex row).
 */
export const clippedLine = { width: 0, minWidth: '100%' } as const;
export const clippedFlexLine = { flex: 1, width: 0, minWidth: 0 } as const;
