export * from './aggregate.ts';
export * from './counters.ts';
export * from './cubes.ts';
export * from './definitions.ts';
export * from './fold.ts';
export * from './periods.ts';
export * from './rankings.ts';
