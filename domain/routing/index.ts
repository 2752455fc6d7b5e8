export * from './address.ts';
export * from './autoRules.ts';
export * from './catalogue.ts';
export * from './learn.ts';
export * from './score.ts';
export * from './tokens.ts';
