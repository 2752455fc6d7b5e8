export * from './categories.ts';
export * from './contacts.ts';
export * from './dispatches.ts';
export * from './enums.ts';
export * from './messages.ts';
export * from './tickets.ts';
export * from './units.ts';
export * from './users.ts';
