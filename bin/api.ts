import { boot } from './boot.ts';

await boot({ api: true, workers: false, seed: false });
