import { boot } from './boot.ts';

await boot({ api: false, workers: true, seed: false });
