export { learnRouting, recordRoutingFeedback } from './learn.ts';
export { loadRoutingModel } from './model.ts';
export { resolvePlace, suggestFor, suggestForTicket } from './suggest.ts';
export { routedTickets, trainRouting } from './train.ts';
