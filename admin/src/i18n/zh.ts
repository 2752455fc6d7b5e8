import type { TranslationMessages } from 'react-admin';
import { labels } from '../../../domain/vocabulary.ts';
import { appZh } from './appZh.ts';
import { raZh } from './raZh.ts';
import { resourcesZh } from './resourcesZh.ts';

/**
 * All console text in Simplified Chinese: react-admin's keys (raZh), resource and field names
 * (resourcesZh), the console's own words (appZh), and the domain's enum labels from
 * domain/vocabulary.ts under `enums.*` so choices translate through the same translator.
 */
export const zhMessages: TranslationMessages = {
  ...raZh,
  resources: resourcesZh,
  app: appZh,
  enums: labels,
};
