import type { Executor } from '../db/client.ts';
import { ticketEvents } from '../db/schema/index.ts';
import type { EventAction } from '../domain/vocabulary.ts';
import { currentRequestId } from './requestContext.ts';

export interface EventInput {
  ticketId: number;
  action: EventAction;
  at?: Date;
  actorId?: number | null;
  actorKind?: 'user' | 'system' | 'citizen' | 'unit';
  dispatchId?: number | null;
  unitId?: number | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  payload?: Record<string, unknown>;
  /** Default: the current request or job context's id (services/requestContext.ts), else null. */
  requestId?: string | null;
}

/** Writes history rows; call it inside the transaction that makes the change it records. */
export async function recordEvents(tx: Executor, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  const contextId = currentRequestId() ?? null;
  await tx.insert(ticketEvents).values(
    events.map((e) => ({
      ticketId: e.ticketId,
      action: e.action,
      at: e.at ?? new Date(),
      actorId: e.actorId ?? null,
      actorKind: e.actorKind ?? 'user',
      dispatchId: e.dispatchId ?? null,
      unitId: e.unitId ?? null,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      payload: e.payload ?? {},
      requestId: e.requestId ?? contextId,
    })),
  );
}

export const recordEvent = (tx: Executor, e: EventInput) => recordEvents(tx, [e]);
