import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, kbEntries } from '../../db/schema/index.ts';
import { tsQueryOf } from '../../domain/search.ts';
import { AppError, notFound } from '../../services/errors.ts';
import { createKbEntry, type KbEntry, updateKbEntry } from '../../services/intake/kb.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4, int4Query } from '../lib/ids.ts';
import { boolish, idList } from '../lib/list.ts';
import { kbEntrySchema, kbInputSchema } from './schemas.ts';

type KbView = z.infer<typeof kbEntrySchema>;

function kbView(r: Record<string, unknown>): KbView {
  const { searchText: _s, searchTsv: _t, ...rest } = r;
  return isoDates(rest) as KbView;
}

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(100).optional(),
  categoryId: int4Query.optional(),
  active: boolish.optional(),
});

const WRITERS = ['supervisor'] as const;
const READERS = ['agent', 'dispatcher', 'supervisor', 'window_clerk'] as const;

async function checkCategory(db: Executor, categoryId: number | null | undefined) {
  if (!categoryId) return;
  const [cat] = await db.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId));
  if (!cat) throw new AppError('validation', '分类不存在', { fields: [{ path: 'categoryId', message: '分类不存在' }] });
}

const create = createRoute({
  method: 'post',
  path: '/api/intake/kb',
  tags: ['intake'],
  summary: '新增知识库条目',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: kbInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: kbEntrySchema } } },
    ...errorResponses,
  },
});

const update = createRoute({
  method: 'put',
  path: '/api/intake/kb/{id}',
  tags: ['intake'],
  summary: '修改知识库条目（带 version 时做并发检查）',
  security: [{ bearer: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: kbInputSchema.partial().extend({ version: int4.optional() }).loose(),
        },
      },
    },
  },
  responses: {
    200: { description: 'updated', content: { 'application/json': { schema: kbEntrySchema } } },
    ...errorResponses,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/intake/kb/{id}',
  tags: ['intake'],
  summary: '删除知识库条目（已引用它的直接答复在工单历史中保留答复原文）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'deleted', content: { 'application/json': { schema: kbEntrySchema } } },
    ...errorResponses,
  },
});

/** Knowledge base CRUD; the list searches Chinese words (jieba) in title, keywords and answer. */
export function registerKb(app: App) {
  registerReadRoutes(app, {
    resource: 'intake/kb',
    tag: 'intake',
    summary: '知识库',
    table: kbEntries,
    idColumn: kbEntries.id,
    rowSchema: kbEntrySchema,
    filterSchema,
    sortable: {
      id: kbEntries.id,
      title: kbEntries.title,
      useCount: kbEntries.useCount,
      updatedAt: kbEntries.updatedAt,
    },
    defaultSort: 'useCount',
    roles: [...READERS],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(kbEntries.id, f.id));
      if (f.categoryId) c.push(eq(kbEntries.categoryId, f.categoryId));
      if (f.active !== undefined) c.push(eq(kbEntries.active, f.active));
      if (f.q) {
        // Any of the words: an agent types the caller's question, not the entry's exact title.
        const tsq = tsQueryOf(f.q)?.replaceAll(' & ', ' | ');
        c.push(
          or(
            tsq ? sql`${kbEntries.searchTsv} @@ to_tsquery('simple', ${tsq})` : undefined,
            ilike(kbEntries.title, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`),
          ),
        );
      }
      return and(...c);
    },
    view: kbView,
  });

  app.openapi(create, async (c) => {
    const user = requireRole(c, ...WRITERS);
    const body = c.req.valid('json');
    const deps = c.get('deps');
    await checkCategory(deps.db, body.categoryId);
    const row = await createKbEntry(deps.db, body, user.id, deps.clock.now());
    return c.json(kbView(row), 201);
  });

  app.openapi(update, async (c) => {
    const user = requireRole(c, ...WRITERS);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    await checkCategory(deps.db, body.categoryId);
    const row: KbEntry = await deps.db.transaction((tx) =>
      updateKbEntry(
        tx,
        id,
        {
          title: body.title,
          answer: body.answer,
          keywords: body.keywords,
          categoryId: body.categoryId,
          active: body.active,
          version: body.version,
        },
        user.id,
        deps.clock.now(),
      ),
    );
    return c.json(kbView(row), 200);
  });

  app.openapi(remove, async (c) => {
    requireRole(c, ...WRITERS);
    const { id } = c.req.valid('param');
    const [row] = await c.get('deps').db.delete(kbEntries).where(eq(kbEntries.id, id)).returning();
    if (!row) throw notFound('知识库条目');
    return c.json(kbView(row), 200);
  });
}
