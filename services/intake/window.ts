import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { tickets, units, windowReports } from '../../db/schema/index.ts';
import { WINDOW_REASON_LABELS, type WindowReason, type WindowReviewOutcome } from '../../domain/intake/window.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor } from '../tickets.ts';
import { answerDirectly } from './kb.ts';
import { type IntakeOutcome, intakeCitizenTicket } from './register.ts';

export interface WindowReportInput {
  hall: string;
  window: string;
  serviceItem: string;
  departmentId?: number | null;
  departmentName?: string | null;
  reason: WindowReason;
  content: string;
  phone?: string | null;
  name?: string | null;
  anonymous: boolean;
  address?: string | null;
  categoryId?: number | null;
}

/**
 * A report from the "cannot-get-it-done" window becomes a complaint ticket of channel `window`, waiting
 * for the centre's review (研判); the report row keeps the hall, window, item and reason.
 */
export async function createWindowReport(
  deps: Deps,
  input: WindowReportInput,
  actor: Actor & { id: number },
  /** The channel idempotency key: a second report with it returns the first. */
  sourceKey: string,
): Promise<IntakeOutcome & { reportId: number }> {
  let departmentName = input.departmentName ?? null;
  if (input.departmentId) {
    const [u] = await deps.db.select({ name: units.name }).from(units).where(eq(units.id, input.departmentId));
    if (!u) {
      throw new AppError('validation', '责任部门不存在', { fields: [{ path: 'departmentId', message: '单位不存在' }] });
    }
    departmentName = u.name;
  }
  const reasonLabel = WINDOW_REASON_LABELS[input.reason];
  let reportId = 0;
  const out = await intakeCitizenTicket(
    deps,
    {
      channel: 'window',
      type: 'complaint',
      title: `【${reasonLabel}】${input.serviceItem}`,
      content: [
        input.content,
        '',
        `服务大厅：${input.hall}　窗口：${input.window}`,
        `办理事项：${input.serviceItem}`,
        departmentName ? `责任部门：${departmentName}` : null,
        `反映类型：${reasonLabel}`,
      ]
        .filter((l) => l !== null)
        .join('\n'),
      address: input.address ?? null,
      categoryId: input.categoryId ?? null,
      contact: input.anonymous || !input.phone ? undefined : { phone: input.phone, name: input.name ?? null },
      sourceKey,
      extra: {
        window: { hall: input.hall, window: input.window, serviceItem: input.serviceItem, reason: input.reason },
        needsReview: true,
        anonymous: input.anonymous,
      },
    },
    actor,
    {
      alongside: async (tx, ticket) => {
        const [row] = await tx
          .insert(windowReports)
          .values({
            ticketId: ticket.id,
            clerkId: actor.id,
            hall: input.hall,
            window: input.window,
            serviceItem: input.serviceItem,
            departmentId: input.departmentId ?? null,
            departmentName,
            reason: input.reason,
            anonymous: input.anonymous,
            createdAt: ticket.createdAt,
            updatedAt: ticket.createdAt,
          })
          .returning({ id: windowReports.id });
        reportId = row?.id ?? 0;
      },
    },
  );
  if (!out.created) {
    const [row] = await deps.db
      .select({ id: windowReports.id })
      .from(windowReports)
      .where(eq(windowReports.ticketId, out.ticket.id));
    reportId = row?.id ?? 0;
  }
  return { ...out, reportId };
}

/**
 * The centre's 研判 of a window report: what it decided, recorded on the ticket's history. `dispatch` leaves
 * the ticket for the dispatchers. `answered` (explained and answered) and `no_action` (nothing to handle)
 * end the matter, and the citizen is still told why: the note is the answer, and a ticket still waiting for
 * dispatch closes with it as a direct answer (直接答复办结), sent to the citizen unless they reported
 * anonymously. A ticket already dispatched keeps its course; only the review is recorded.
 */
export async function reviewWindowReport(
  tx: Executor,
  deps: Deps,
  id: number,
  input: { outcome: WindowReviewOutcome; note?: string | null },
  actor: Actor & { id: number },
  now: Date,
) {
  const note = input.note?.trim() || null;
  const [r] = await tx.select().from(windowReports).where(eq(windowReports.id, id)).for('update');
  if (!r) throw notFound('窗口反映');
  if (r.reviewStatus !== 'pending') throw conflict('该窗口反映已研判');
  if (input.outcome !== 'dispatch' && !note) {
    throw new AppError('validation', '请填写答复市民的内容', {
      fields: [{ path: 'note', message: '已答复或无需处理的，备注即答复市民的内容，必填' }],
    });
  }
  const [row] = await tx
    .update(windowReports)
    .set({
      reviewStatus: 'reviewed',
      reviewOutcome: input.outcome,
      reviewNote: note,
      reviewedAt: now,
      reviewedById: actor.id,
      updatedAt: now,
    })
    .where(eq(windowReports.id, id))
    .returning();
  await recordEvent(tx, {
    ticketId: r.ticketId,
    action: 'ticket.window_reviewed',
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    payload: { reportId: id, outcome: input.outcome, note },
    requestId: actor.requestId,
  });
  if (input.outcome !== 'dispatch' && note) {
    const [t] = await tx.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, r.ticketId));
    if (t?.status === 'registered') {
      await answerDirectly(tx, deps, r.ticketId, { answer: note }, actor, now, { notifyCitizen: true });
    }
  }
  return row;
}
