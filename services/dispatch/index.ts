export { dispatchTicket, dispatchWithCo } from './create.ts';
export { flushDispatchEffects, runDispatchTx } from './effects.ts';
export { rehandleTicket } from './rehandle.ts';
export type { Dispatch, DispatchActor } from './types.ts';
