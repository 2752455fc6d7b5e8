export * from './deadline.ts';
export * from './machine.ts';
export * from './round.ts';
export * from './rules.ts';
export * from './states.ts';
