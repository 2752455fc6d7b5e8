import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { calendars } from '../../db/schema/index.ts';
import { calendarView } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { boolish, idList, listQuerySchema, parseList, setTotal } from '../lib/list.ts';
import { calendarSchema } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  code: z.string().trim().max(40).optional(),
  active: boolish.optional(),
  observeHolidays: boolish.optional(),
});

const sortable = { id: calendars.id, code: calendars.code, name: calendars.name, updatedAt: calendars.updatedAt };

const route = createRoute({
  method: 'get',
  path: '/api/calendars',
  tags: ['calendars'],
  summary: '工作日历列表',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.passthrough() },
  responses: {
    200: { description: 'a page of calendars', content: { 'application/json': { schema: z.array(calendarSchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c);
    const deps = c.get('deps');
    const p = parseList(c, filterSchema, Object.keys(sortable), 'id', 'asc');
    const f = p.filter;
    const conds: Array<SQL | undefined> = [];
    if (f.id) conds.push(inArray(calendars.id, f.id));
    if (f.q) conds.push(or(ilike(calendars.name, `%${f.q}%`), ilike(calendars.code, `%${f.q}%`)));
    if (f.code) conds.push(eq(calendars.code, f.code));
    if (f.active !== undefined) conds.push(eq(calendars.active, f.active));
    if (f.observeHolidays !== undefined) conds.push(eq(calendars.observeHolidays, f.observeHolidays));
    const where = and(...conds);
    const col = sortable[p.sort as keyof typeof sortable];
    const [rows, [total]] = await Promise.all([
      deps.readDb
        .select()
        .from(calendars)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), asc(calendars.id))
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb.select({ n: count() }).from(calendars).where(where),
    ]);
    setTotal(c, 'calendars', p.start, rows.length, total?.n ?? 0);
    return c.json(await Promise.all(rows.map((r) => calendarView(deps.readDb, r))), 200);
  });
}
