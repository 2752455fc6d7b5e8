import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { units, users } from '../../db/schema/index.ts';
import { ROLES } from '../../domain/vocabulary.ts';
import { changedFields, recordAudit } from '../../services/audit.ts';
import { hashPassword } from '../../services/auth.ts';
import { AppError, conflict, notFound } from '../../services/errors.ts';
import { isUniqueViolation } from '../../services/tickets.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4Query, rowId } from '../lib/ids.ts';
import { boolish, idList } from '../lib/list.ts';

const userSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    unitId: z.number().nullable(),
    extension: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

type UserView = z.infer<typeof userSchema>;

// Never let a password hash leave the server, whatever the caller asked for.
function view(row: Record<string, unknown>): UserView {
  const { passwordHash: _h, ...rest } = row;
  return isoDates(rest) as UserView;
}

const filterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  unitId: int4Query.optional(),
  active: boolish.optional(),
});

const password = z.string().min(8, '密码至少 8 位').max(200);
const inputSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{2,40}$/, '2–40 位小写字母、数字、点、横线或下划线'),
  displayName: z.string().trim().min(1).max(50),
  password,
  role: z.enum(ROLES),
  unitId: rowId.nullable().optional(),
  extension: z.string().trim().max(20).nullable().optional(),
  active: z.boolean().optional(),
});
const patchSchema = inputSchema
  .omit({ username: true, password: true })
  .partial()
  .extend({ password: password.optional() })
  .loose();

async function checkUnit(db: import('../../db/client.ts').Db, unitId: number | null | undefined) {
  if (!unitId) return;
  const [u] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!u) throw new AppError('validation', '单位不存在', { fields: [{ path: 'unitId', message: '单位不存在' }] });
}

export function registerUsers(app: App) {
  registerReadRoutes(app, {
    resource: 'users',
    tag: 'users',
    summary: '用户',
    table: users,
    idColumn: users.id,
    rowSchema: userSchema,
    filterSchema,
    sortable: { id: users.id, username: users.username, displayName: users.displayName, role: users.role },
    defaultSort: 'id',
    roles: ['admin', 'supervisor', 'dispatcher'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(users.id, f.id));
      if (f.q) c.push(or(ilike(users.username, `%${f.q}%`), ilike(users.displayName, `%${f.q}%`)));
      if (f.role) c.push(eq(users.role, f.role));
      if (f.unitId) c.push(eq(users.unitId, f.unitId));
      if (f.active !== undefined) c.push(eq(users.active, f.active));
      return and(...c);
    },
    view,
  });

  const create = createRoute({
    method: 'post',
    path: '/api/users',
    tags: ['users'],
    summary: '新增用户（密码以 argon2 哈希保存）',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: inputSchema } } } },
    responses: {
      201: { description: 'created', content: { 'application/json': { schema: userSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(create, async (c) => {
    const actor = requireRole(c, 'admin');
    const { password: pw, ...body } = c.req.valid('json');
    const db = c.get('deps').db;
    await checkUnit(db, body.unitId);
    const passwordHash = await hashPassword(pw);
    try {
      const row = await db.transaction(async (tx) => {
        const [ins] = await tx
          .insert(users)
          .values({ ...body, passwordHash })
          .returning();
        if (!ins) throw notFound('用户');
        await recordAudit(
          tx,
          { actorId: actor.id, requestId: c.get('requestId') },
          { entity: 'user', entityId: ins.id, action: 'create', changes: { ...body } },
        );
        return ins;
      });
      return c.json(view(row), 201);
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`用户名 ${body.username} 已存在`, { fields: [{ path: 'username', message: '已存在' }] });
      throw err;
    }
  });

  for (const method of ['put', 'patch'] as const) {
    const update = createRoute({
      method,
      path: '/api/users/{id}',
      tags: ['users'],
      summary: '修改用户（角色、单位、停用、重置密码）',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: userSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(update, async (c) => {
      const actor = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const { displayName, role, unitId, extension, active, password: pw } = c.req.valid('json');
      const db = c.get('deps').db;
      await checkUnit(db, unitId);
      const passwordHash = pw ? await hashPassword(pw) : undefined;
      const row = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
        if (!before) throw notFound('用户');
        const [after] = await tx
          .update(users)
          .set({ displayName, role, unitId, extension, active, passwordHash, updatedAt: c.get('deps').clock.now() })
          .where(eq(users.id, id))
          .returning();
        if (!after) throw notFound('用户');
        await recordAudit(
          tx,
          { actorId: actor.id, requestId: c.get('requestId') },
          { entity: 'user', entityId: id, action: 'update', changes: changedFields(before, after) },
        );
        return after;
      });
      return c.json(view(row), 200);
    });
  }
}
