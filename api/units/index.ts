import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { units } from '../../db/schema/index.ts';
import { UNIT_KINDS } from '../../domain/vocabulary.ts';
import { createUnit, updateUnit } from '../../services/units.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4Query, rowId } from '../lib/ids.ts';
import { boolish, idList } from '../lib/list.ts';

const unitSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    parentId: z.number().nullable(),
    path: z.string(),
    active: z.boolean(),
    phone: z.string().nullable(),
    leaderName: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .loose()
  .openapi('Unit');

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  parentId: int4Query.optional(),
  active: boolish.optional(),
});

const inputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{2,20}$/, '2–20 位字母、数字或下划线'),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(UNIT_KINDS),
  parentId: rowId.nullable().optional(),
  active: z.boolean().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  leaderName: z.string().trim().max(50).nullable().optional(),
});
const patchSchema = inputSchema.omit({ code: true }).partial().loose();

export function registerUnits(app: App) {
  registerReadRoutes(app, {
    resource: 'units',
    tag: 'units',
    summary: '单位',
    table: units,
    idColumn: units.id,
    rowSchema: unitSchema,
    filterSchema,
    sortable: { id: units.id, code: units.code, name: units.name, kind: units.kind, path: units.path },
    defaultSort: 'path',
    defaultOrder: 'asc',
    roles: [],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(units.id, f.id));
      if (f.q) c.push(or(ilike(units.name, `%${f.q}%`), ilike(units.code, `%${f.q}%`)));
      if (f.kind) c.push(eq(units.kind, f.kind));
      if (f.parentId !== undefined) c.push(eq(units.parentId, f.parentId));
      if (f.active !== undefined) c.push(eq(units.active, f.active));
      return and(...c);
    },
    view: (r) => isoDates(r) as z.infer<typeof unitSchema>,
  });

  const create = createRoute({
    method: 'post',
    path: '/api/units',
    tags: ['units'],
    summary: '新增单位',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: inputSchema } } } },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: unitSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(create, async (c) => {
    const user = requireRole(c, 'admin');
    const row = await createUnit(c.get('deps').db, c.req.valid('json'), {
      actorId: user.id,
      requestId: c.get('requestId'),
    });
    return c.json(isoDates(row), 201);
  });

  for (const method of ['put', 'patch'] as const) {
    const update = createRoute({
      method,
      path: '/api/units/{id}',
      tags: ['units'],
      summary: '修改单位（可调整上级，下级路径随之更新）',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: unitSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(update, async (c) => {
      const user = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const { name, kind, parentId, active, phone, leaderName } = c.req.valid('json');
      const row = await updateUnit(
        c.get('deps').db,
        id,
        { name, kind, parentId, active, phone, leaderName },
        { actorId: user.id, requestId: c.get('requestId') },
      );
      return c.json(isoDates(row), 200);
    });
  }
}
