import type { Executor } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';

export interface AuditCtx {
  actorId: number | null;
  requestId?: string | null;
}

/** Field-level changes between a row before and after an update; secrets are never copied. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  secret: string[] = ['passwordHash'],
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(after)) {
    if (k === 'updatedAt' || k === 'createdAt') continue;
    const from = before[k];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    out[k] = secret.includes(k) ? { from: '***', to: '***' } : { from, to };
  }
  return out;
}

/** Writes the audit row in the transaction that made the change, so neither exists without the other. */
export async function recordAudit(
  tx: Executor,
  ctx: AuditCtx,
  entry: {
    entity: string;
    entityId: string | number;
    action: 'create' | 'update' | 'delete';
    changes?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: ctx.actorId,
    entity: entry.entity,
    entityId: String(entry.entityId),
    action: entry.action,
    changes: entry.changes ?? {},
    requestId: ctx.requestId ?? null,
  });
}
