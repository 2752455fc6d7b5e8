import { createRoute, z } from '@hono/zod-openapi';
import { textSimilarity } from '../../domain/intake/similarity.ts';
import { repeatPriors } from '../../services/intake/repeats.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../tickets/schemas.ts';

const candidateSchema = z.object({
  id: z.number(),
  ticketNo: z.string(),
  title: z.string(),
  status: z.string(),
  categoryId: z.number().nullable(),
  sameCategory: z.boolean(),
  similarity: z.number(),
  createdAt: z.string(),
});

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/repeat-candidates',
  tags: ['intake'],
  summary: '疑似重复件：同一市民 30 天内的工单，按内容相似度排序',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'candidates', content: { 'application/json': { schema: z.array(candidateSchema) } } },
    ...errorResponses,
  },
});

export function registerRepeatCandidates(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const t = await loadVisibleTicket(deps.db, user, id);
    if (t.contactId === null) return c.json([], 200);
    const priors = await repeatPriors(deps.db, t.contactId, new Date(t.createdAt), t.id);
    const text = `${t.title} ${t.content}`;
    const out = priors
      .map((p) => ({
        id: p.id,
        ticketNo: p.ticketNo,
        title: p.title,
        status: p.status,
        categoryId: p.categoryId,
        sameCategory: p.categoryId === t.categoryId,
        similarity: Math.round(textSimilarity(text, `${p.title} ${p.content}`) * 100) / 100,
        createdAt: p.createdAt.toISOString(),
      }))
      .sort((a, b) => Number(b.sameCategory) - Number(a.sameCategory) || b.similarity - a.similarity);
    return c.json(out, 200);
  });
}
