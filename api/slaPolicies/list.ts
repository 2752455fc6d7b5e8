import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { slaPolicies } from '../../db/schema/index.ts';
import { PRIORITIES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { policyView } from '../../services/sla/policyAdmin.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { boolish, idList, listQuerySchema, parseList, setTotal } from '../lib/list.ts';
import { policySchema } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  active: boolish.optional(),
  ticketType: z.enum(TICKET_TYPES).optional(),
  priority: z.enum(PRIORITIES).optional(),
});

const sortable = {
  position: slaPolicies.position,
  id: slaPolicies.id,
  name: slaPolicies.name,
  updatedAt: slaPolicies.updatedAt,
};

const route = createRoute({
  method: 'get',
  path: '/api/slaPolicies',
  tags: ['slaPolicies'],
  summary: '时限策略列表（默认按匹配顺序）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.passthrough() },
  responses: {
    200: { description: 'a page of policies', content: { 'application/json': { schema: z.array(policySchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const deps = c.get('deps');
    const p = parseList(c, filterSchema, Object.keys(sortable), 'position', 'asc');
    const f = p.filter;
    const conds: Array<SQL | undefined> = [];
    if (f.id) conds.push(inArray(slaPolicies.id, f.id));
    if (f.q) conds.push(ilike(slaPolicies.name, `%${f.q}%`));
    if (f.active !== undefined) conds.push(eq(slaPolicies.active, f.active));
    if (f.ticketType) conds.push(eq(slaPolicies.ticketType, f.ticketType));
    if (f.priority) conds.push(eq(slaPolicies.priority, f.priority));
    const where = and(...conds);
    const col = sortable[p.sort as keyof typeof sortable];
    const [rows, [total]] = await Promise.all([
      deps.readDb
        .select()
        .from(slaPolicies)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), asc(slaPolicies.id))
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb.select({ n: count() }).from(slaPolicies).where(where),
    ]);
    setTotal(c, 'slaPolicies', p.start, rows.length, total?.n ?? 0);
    return c.json(
      rows.map((r) => policyView(r)),
      200,
    );
  });
}
