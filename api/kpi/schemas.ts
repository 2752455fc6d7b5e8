/** Response shapes of the KPI routes (OpenAPI). */
import { z } from '@hono/zod-openapi';

export const kpiValueSchema = z.object({
  numerator: z.number(),
  denominator: z.number(),
  value: z.number().nullable(),
});

export const countersSchema = z.record(z.string(), z.number()).openapi('KpiCounters');
export const kpisSchema = z.record(z.string(), kpiValueSchema).openapi('KpiValues');

export const groupKeySchema = z.object({ dim: z.string(), key: z.string().nullable(), label: z.string() });

export const reportRowSchema = z
  .object({ keys: z.array(groupKeySchema), counters: countersSchema, kpis: kpisSchema })
  .openapi('KpiReportRow');

export const reportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    label: z.string(),
    groupBy: z.array(z.string()),
    filters: z.object({
      unitId: z.number().nullable(),
      categoryId: z.number().nullable(),
      channels: z.array(z.string()).nullable(),
    }),
    source: z.string(),
    total: reportRowSchema,
    rows: z.array(reportRowSchema),
  })
  .openapi('KpiReport');

export const definitionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    formula: z.string(),
    numerator: z.array(z.string()),
    denominator: z.array(z.string()),
    higherIsBetter: z.boolean(),
    target: z.number().nullable(),
    doc: z.string(),
  })
  .openapi('KpiDefinition');

export const rankEntrySchema = z.object({
  id: z.number(),
  name: z.string(),
  rank: z.number().nullable(),
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
});

export const rankingSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    label: z.string(),
    kpi: z.string(),
    minDenominator: z.number(),
    entries: z.array(rankEntrySchema),
  })
  .openapi('KpiRanking');

const figureRowSchema = z.object({
  key: z.string().nullable(),
  label: z.string(),
  counters: countersSchema,
  kpis: z.record(z.string(), z.number().nullable()),
});

export const figuresSchema = z
  .object({
    period: z.object({ kind: z.string(), key: z.string(), from: z.string(), to: z.string(), label: z.string() }),
    definitions: z.array(z.object({ code: z.string(), name: z.string(), formula: z.string() })),
    total: figureRowSchema,
    byUnit: z.array(figureRowSchema),
    byCategory: z.array(figureRowSchema),
    byChannel: z.array(figureRowSchema),
    rankings: z.record(z.string(), z.array(rankEntrySchema)),
    watermark: z.number(),
    computedAt: z.string(),
  })
  .openapi('KpiFigures');

export const correctionSchema = z
  .object({
    periodId: z.number(),
    total: countersSchema,
    byUnit: z.array(z.object({ unitId: z.number(), unitName: z.string(), counters: countersSchema })),
    correctedKpis: z.record(z.string(), z.number().nullable()),
    lines: z.array(z.string()),
    lastEventId: z.number().nullable(),
    notes: z.array(
      z.object({ id: z.number(), body: z.string(), authorId: z.number().nullable(), createdAt: z.string() }),
    ),
  })
  .openapi('KpiCorrectionNote');

export const periodSummarySchema = z
  .object({
    id: z.number(),
    kind: z.string(),
    key: z.string(),
    label: z.string(),
    from: z.string(),
    to: z.string(),
    watermark: z.number(),
    publishedAt: z.string(),
    publishedById: z.number().nullable(),
  })
  .openapi('KpiPeriodSummary');

export const publishedPeriodSchema = periodSummarySchema
  .extend({ figures: figuresSchema, corrections: correctionSchema })
  .openapi('KpiPublishedPeriod');
