import { boot } from './boot.ts';

// One process: API + console + workers, on PGlite unless DATABASE_URL is set.
await boot({ api: true, workers: true, seed: true, buildConsole: true });
