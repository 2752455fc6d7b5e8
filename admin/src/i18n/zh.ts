import type { TranslationMessages } from 'react-admin';
import { ENUMS } from '../enums.ts';
import { appZh } from './appZh.ts';
import { raZh } from './raZh.ts';
import { resourcesZh } from './resourcesZh.ts';

/**
 * All console text in Simplified Chinese: react-admin's keys (raZh), resource and field names
 * (resourcesZh), the console's own words (appZh), and the enum labels (enums.ts, mostly the
 * domain's own tables) under `enums.*` so choices translate through the same translator.
 */
export const zhMessages: TranslationMessages = {
  ...raZh,
  resources: resourcesZh,
  app: appZh,
  enums: ENUMS,
};
