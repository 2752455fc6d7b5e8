import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { categories } from '../../db/schema/index.ts';
import { TICKET_TYPES } from '../../domain/vocabulary.ts';
import { changedFields, recordAudit } from '../../services/audit.ts';
import { AppError, conflict, notFound } from '../../services/errors.ts';
import { isUniqueViolation } from '../../services/tickets.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4, int4Query, rowId } from '../lib/ids.ts';
import { boolish, idList } from '../lib/list.ts';

const categorySchema = z
  .object({
    id: z.number(),
    parentId: z.number().nullable(),
    code: z.string(),
    name: z.string(),
    fullName: z.string(),
    path: z.string(),
    isLeaf: z.boolean(),
    defaultType: z.enum(TICKET_TYPES).nullable(),
    handleDays: z.number().nullable(),
    signHours: z.number().nullable(),
    keywords: z.string().nullable(),
    sortOrder: z.number(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Category');
type CategoryView = z.infer<typeof categorySchema>;

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  parentId: int4Query.optional(),
  isLeaf: boolish.optional(),
  active: boolish.optional(),
});

const inputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, '1–40 位字母、数字、横线或下划线'),
  name: z.string().trim().min(1).max(50),
  parentId: rowId.nullable().optional(),
  defaultType: z.enum(TICKET_TYPES).nullable().optional(),
  handleDays: z.number().int().min(0).max(365).nullable().optional(),
  signHours: z.number().int().min(0).max(240).nullable().optional(),
  keywords: z.string().trim().max(500).nullable().optional(),
  sortOrder: int4.optional(),
  active: z.boolean().optional(),
});
const patchSchema = inputSchema.omit({ code: true, parentId: true }).partial().loose();

export function registerCategories(app: App) {
  registerReadRoutes(app, {
    resource: 'categories',
    tag: 'categories',
    summary: '分类',
    table: categories,
    idColumn: categories.id,
    rowSchema: categorySchema,
    filterSchema,
    sortable: {
      id: categories.id,
      sortOrder: categories.sortOrder,
      name: categories.name,
      fullName: categories.fullName,
      code: categories.code,
    },
    defaultSort: 'sortOrder',
    defaultOrder: 'asc',
    roles: [],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(categories.id, f.id));
      if (f.q) c.push(or(ilike(categories.fullName, `%${f.q}%`), ilike(categories.keywords, `%${f.q}%`)));
      if (f.parentId !== undefined) c.push(eq(categories.parentId, f.parentId));
      if (f.isLeaf !== undefined) c.push(eq(categories.isLeaf, f.isLeaf));
      if (f.active !== undefined) c.push(eq(categories.active, f.active));
      return and(...c);
    },
    view: (r) => isoDates(r) as CategoryView,
  });

  const create = createRoute({
    method: 'post',
    path: '/api/categories',
    tags: ['categories'],
    summary: '新增分类（自动维护全称与路径）',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: inputSchema } } } },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: categorySchema } } },
      ...errorResponses,
    },
  });
  app.openapi(create, async (c) => {
    const actor = requireRole(c, 'admin');
    const body = c.req.valid('json');
    const db = c.get('deps').db;
    try {
      const row = await db.transaction(async (tx) => {
        let parent: { path: string; fullName: string } | undefined;
        if (body.parentId) {
          [parent] = await tx
            .select({ path: categories.path, fullName: categories.fullName })
            .from(categories)
            .where(eq(categories.id, body.parentId))
            .for('update');
          if (!parent)
            throw new AppError('validation', '上级分类不存在', { fields: [{ path: 'parentId', message: '不存在' }] });
          await tx.update(categories).set({ isLeaf: false }).where(eq(categories.id, body.parentId));
        }
        const [ins] = await tx
          .insert(categories)
          .values({ ...body, fullName: parent ? `${parent.fullName} › ${body.name}` : body.name })
          .returning();
        if (!ins) throw notFound('分类');
        const [done] = await tx
          .update(categories)
          .set({ path: `${parent?.path ?? '/'}${ins.id}/` })
          .where(eq(categories.id, ins.id))
          .returning();
        await recordAudit(
          tx,
          { actorId: actor.id, requestId: c.get('requestId') },
          { entity: 'category', entityId: ins.id, action: 'create', changes: { ...body } },
        );
        return done ?? ins;
      });
      return c.json(isoDates(row), 201);
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`分类代码 ${body.code} 已存在`, { fields: [{ path: 'code', message: '已存在' }] });
      throw err;
    }
  });

  for (const method of ['put', 'patch'] as const) {
    const update = createRoute({
      method,
      path: '/api/categories/{id}',
      tags: ['categories'],
      summary: '修改分类（改名时下级全称同步更新）',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: categorySchema } } },
        ...errorResponses,
      },
    });
    app.openapi(update, async (c) => {
      const actor = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const { name, defaultType, handleDays, signHours, keywords, sortOrder, active } = c.req.valid('json');
      const db = c.get('deps').db;
      const row = await db.transaction(async (tx) => {
        const [cur] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
        if (!cur) throw notFound('分类');
        const fullName = name && name !== cur.name ? cur.fullName.replace(new RegExp(`${cur.name}$`), name) : undefined;
        const [upd] = await tx
          .update(categories)
          .set({
            name,
            fullName,
            defaultType,
            handleDays,
            signHours,
            keywords,
            sortOrder,
            active,
            updatedAt: c.get('deps').clock.now(),
          })
          .where(eq(categories.id, id))
          .returning();
        if (fullName) {
          // Descendants carry the old name in their full name: rewrite the prefix.
          await tx.execute(sql`update categories set full_name = ${fullName} || substr(full_name, ${cur.fullName.length + 1})
            where path like ${`${cur.path}%`} and id <> ${id}`);
        }
        if (upd) {
          await recordAudit(
            tx,
            { actorId: actor.id, requestId: c.get('requestId') },
            { entity: 'category', entityId: id, action: 'update', changes: changedFields(cur, upd) },
          );
        }
        return upd;
      });
      if (!row) throw notFound('分类');
      return c.json(isoDates(row), 200);
    });
  }
}
