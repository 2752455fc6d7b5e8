import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, type PolicyLimit, slaPolicies } from '../../db/schema/index.ts';
import { CLOCK_KINDS, type ClockKind, DEFAULT_HANDLE_WARN_PERCENT } from '../../domain/sla/index.ts';
import type { Priority, TicketType } from '../../domain/vocabulary.ts';
import { type AuditCtx, changedFields, recordAudit } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { PolicyRow } from './policies.ts';
import { enqueueRecompute, requestRecompute } from './recompute.ts';

export interface PolicyInput {
  name: string;
  position: number;
  active?: boolean;
  ticketType?: TicketType | null;
  priority?: Priority | null;
  categoryId?: number | null;
  limits: Partial<Record<ClockKind, PolicyLimit>>;
  warnPercent?: number | null;
  warnKinds?: ClockKind[];
}

export type PolicyView = Omit<PolicyRow, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
  recomputeRunId?: number | null;
};

export function policyView(row: PolicyRow, recomputeRunId?: number | null): PolicyView {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(recomputeRunId !== undefined ? { recomputeRunId } : {}),
  };
}

function canonicalLimits(limits: Partial<Record<ClockKind, PolicyLimit>>): Partial<Record<ClockKind, PolicyLimit>> {
  const out: Partial<Record<ClockKind, PolicyLimit>> = {};
  for (const kind of CLOCK_KINDS) {
    const l = limits[kind];
    if (l) out[kind] = { value: l.value, unit: l.unit };
  }
  return out;
}

/** Explicit order means one policy per position: a tie would make the order depend on ids. */
async function checkInput(tx: Executor, input: Partial<PolicyInput>, selfId: number | null): Promise<void> {
  if (input.position !== undefined) {
    const [dup] = await tx
      .select({ id: slaPolicies.id, name: slaPolicies.name })
      .from(slaPolicies)
      .where(and(eq(slaPolicies.position, input.position), selfId ? ne(slaPolicies.id, selfId) : undefined));
    if (dup) {
      throw new AppError('conflict', `顺序号 ${input.position} 已被策略「${dup.name}」使用`, {
        fields: [{ path: 'position', message: '顺序号重复' }],
      });
    }
  }
  if (input.categoryId) {
    const [cat] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId));
    if (!cat)
      throw new AppError('validation', '分类不存在', { fields: [{ path: 'categoryId', message: '分类不存在' }] });
  }
}

async function recompute(tx: Executor, deps: Deps, reason: string, actorId: number | null) {
  return requestRecompute(tx, deps, { scope: 'policies' }, reason, actorId);
}

export async function createPolicy(deps: Deps, input: PolicyInput, ctx: AuditCtx): Promise<PolicyView> {
  const now = deps.clock.now();
  const { row, runId } = await deps.db.transaction(async (tx) => {
    await checkInput(tx, input, null);
    const [row] = await tx
      .insert(slaPolicies)
      .values({
        name: input.name,
        position: input.position,
        active: input.active ?? true,
        ticketType: input.ticketType ?? null,
        priority: input.priority ?? null,
        categoryId: input.categoryId ?? null,
        limits: input.limits,
        warnPercent: input.warnPercent === undefined ? DEFAULT_HANDLE_WARN_PERCENT : input.warnPercent,
        warnKinds: input.warnKinds ?? ['handle'],
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('policy not inserted');
    await recordAudit(tx, ctx, { entity: 'sla_policy', entityId: row.id, action: 'create', changes: { ...input } });
    const runId = await recompute(tx, deps, `新增时限策略「${row.name}」`, ctx.actorId);
    return { row, runId };
  });
  await enqueueRecompute(deps, runId);
  return policyView(row, runId);
}

export async function updatePolicy(
  deps: Deps,
  id: number,
  patch: Partial<PolicyInput>,
  ctx: AuditCtx,
): Promise<PolicyView> {
  const now = deps.clock.now();
  const { row, runId } = await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
    if (!current) throw notFound('时限策略');
    await checkInput(tx, patch, id);
    const next = {
      name: patch.name ?? current.name,
      position: patch.position ?? current.position,
      active: patch.active ?? current.active,
      ticketType: patch.ticketType !== undefined ? patch.ticketType : current.ticketType,
      priority: patch.priority !== undefined ? patch.priority : current.priority,
      categoryId: patch.categoryId !== undefined ? patch.categoryId : current.categoryId,
      limits: patch.limits ?? current.limits,
      warnPercent: patch.warnPercent !== undefined ? patch.warnPercent : current.warnPercent,
      warnKinds: patch.warnKinds ?? current.warnKinds,
    };
    // jsonb reorders object keys: compare limits in one canonical shape.
    const changes = changedFields(
      { ...current, limits: canonicalLimits(current.limits) },
      { ...next, limits: canonicalLimits(next.limits) },
    );
    if (Object.keys(changes).length === 0) return { row: current, runId: null };
    const [row] = await tx
      .update(slaPolicies)
      .set({ ...next, version: sql`${slaPolicies.version} + 1`, updatedAt: now })
      .where(eq(slaPolicies.id, id))
      .returning();
    if (!row) throw notFound('时限策略');
    await recordAudit(tx, ctx, { entity: 'sla_policy', entityId: id, action: 'update', changes });
    // A name change moves no deadline: policies match by position and criteria, never by name.
    const onlyCosmetic = Object.keys(changes).every((k) => k === 'name');
    const runId = onlyCosmetic ? null : await recompute(tx, deps, `时限策略「${row.name}」已修改`, ctx.actorId);
    return { row, runId };
  });
  if (runId) await enqueueRecompute(deps, runId);
  return policyView(row, runId);
}

export async function deletePolicy(deps: Deps, id: number, ctx: AuditCtx): Promise<{ recomputeRunId: number }> {
  const runId = await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
    if (!current) throw notFound('时限策略');
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, id));
    await recordAudit(tx, ctx, {
      entity: 'sla_policy',
      entityId: id,
      action: 'delete',
      changes: { name: current.name },
    });
    return recompute(tx, deps, `删除时限策略「${current.name}」`, ctx.actorId);
  });
  await enqueueRecompute(deps, runId);
  return { recomputeRunId: runId };
}
