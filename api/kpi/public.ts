import { createRoute, z } from '@hono/zod-openapi';
import {
  correctionNote,
  findPublished,
  listPublished,
  PUBLISHABLE_KINDS,
  type PublishedPeriod,
} from '../../services/kpi/publish.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { publicKpiHtml } from './html.ts';
import { correctionSchema, figuresSchema, periodSummarySchema } from './schemas.ts';

/**
 * The public KPI page: published (frozen) periods only, no login (/api/public/ is public in the auth
 * middleware). Live numbers never leave through here.
 */
const query = z.object({
  period: z
    .string()
    .regex(/^(month|quarter):\d{4}-(\d{2}|Q[1-4])$/)
    .optional()
    .openapi({ description: '某一发布期，默认最近一期', example: 'month:2026-10' }),
});

const json = createRoute({
  method: 'get',
  path: '/api/public/kpi',
  tags: ['public'],
  summary: '公开的服务质量数据（仅已发布期）',
  request: { query },
  responses: {
    200: {
      description: 'published periods and the selected one',
      content: {
        'application/json': {
          schema: z.object({
            periods: z.array(periodSummarySchema),
            selected: periodSummarySchema.extend({ figures: figuresSchema, corrections: correctionSchema }).nullable(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const html = createRoute({
  method: 'get',
  path: '/api/public/kpi.html',
  tags: ['public'],
  summary: '公开的服务质量页面（仅已发布期）',
  request: { query },
  responses: {
    200: { description: 'the page', content: { 'text/html': { schema: z.string() } } },
    ...errorResponses,
  },
});

async function load(db: Parameters<typeof listPublished>[0], period: string | undefined) {
  const periods = await listPublished(db);
  let selected: PublishedPeriod | null = periods[0] ?? null;
  if (period) {
    const [kind, key] = period.split(':');
    selected =
      kind && key && (PUBLISHABLE_KINDS as readonly string[]).includes(kind)
        ? await findPublished(db, kind, key)
        : null;
  }
  const corrections = selected ? await correctionNote(db, selected) : null;
  return { periods, selected, corrections };
}

const summary = <T extends { figures: unknown }>({ figures: _f, ...rest }: T) => rest;
const CACHE = 'public, max-age=300';

export function registerPublicKpi(app: App) {
  app.openapi(json, async (c) => {
    const d = await load(c.get('deps').readDb, c.req.valid('query').period);
    c.header('Cache-Control', CACHE);
    return c.json(
      {
        periods: d.periods.map(summary),
        selected: d.selected && d.corrections ? { ...d.selected, corrections: d.corrections } : null,
      },
      200,
    );
  });

  app.openapi(html, async (c) => {
    const d = await load(c.get('deps').readDb, c.req.valid('query').period);
    c.header('Cache-Control', CACHE);
    return c.html(publicKpiHtml(d), 200);
  });
}
