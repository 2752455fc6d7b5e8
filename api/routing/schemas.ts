import { z } from '@hono/zod-openapi';

export const suggestionSchema = z
  .object({
    categoryId: z.number(),
    categoryName: z.string().nullable(),
    unitId: z.number(),
    unitName: z.string().nullable(),
    confidence: z.number().openapi({ description: '0–1' }),
    reasons: z.array(z.string()),
    coUnitIds: z.array(z.number()),
  })
  .openapi('RoutingSuggestion');

export const suggestionsSchema = z
  .object({
    suggestions: z.array(suggestionSchema),
    jurisdiction: z
      .object({ unitId: z.number(), unitName: z.string().nullable(), matched: z.string(), chain: z.array(z.number()) })
      .nullable(),
    keywords: z.array(z.string()),
  })
  .openapi('RoutingSuggestions');
