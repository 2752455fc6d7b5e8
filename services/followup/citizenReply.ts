import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { messages, revisits, tickets } from '../../db/schema/index.ts';
import { parseSmsAnswer } from '../../domain/followup/revisit.ts';
import type { Deps } from '../deps.ts';
import { recordRevisitResult } from './revisits.ts';

export interface CitizenSmsReply {
  contactId: number;
  ticketId?: number | null;
  body: string;
  /** The inbound message row Intake wrote (direction 'in'). */
  messageId: number;
}

export interface CitizenSmsReplyOutcome {
  handled: boolean;
  ticketId?: number;
  /** Text for the TwiML <Message> reply. */
  reply?: string;
}

/**
 * The inbound SMS webhook asks here first: does this text answer a pending revisit (1/2/3 with an optional
 * comment)? If so the result is recorded in the caller's transaction and the reply text returned. The
 * revisit is the citizen's most recent one that was asked by SMS and is still open (a late answer after
 * it moved to the phone queue still counts). Anything else is not ours: handled=false.
 */
export async function handleCitizenSmsReply(
  tx: Executor,
  deps: Deps,
  input: CitizenSmsReply,
  now: Date,
): Promise<CitizenSmsReplyOutcome> {
  const answer = parseSmsAnswer(input.body);
  if (!answer) return { handled: false };
  const [pending] = await tx
    .select({ id: revisits.id, ticketId: revisits.ticketId })
    .from(revisits)
    .innerJoin(tickets, eq(tickets.id, revisits.ticketId))
    .where(
      and(
        eq(tickets.contactId, input.contactId),
        eq(revisits.status, 'open'),
        isNotNull(revisits.smsMessageId),
        input.ticketId ? eq(revisits.ticketId, input.ticketId) : undefined,
      ),
    )
    .orderBy(desc(revisits.smsMessageId), desc(revisits.id))
    .limit(1);
  if (!pending) return { handled: false };
  const outcome = await recordRevisitResult(
    tx,
    deps,
    {
      revisitId: pending.id,
      result: answer.result,
      comment: answer.comment,
      via: 'sms',
      actor: { id: null, kind: 'citizen' },
      messageId: input.messageId,
    },
    now,
  );
  await tx
    .update(messages)
    .set({ ticketId: outcome.ticketId, updatedAt: now })
    .where(and(eq(messages.id, input.messageId), isNull(messages.ticketId)));
  const no = outcome.ticketNo;
  let reply: string;
  if (outcome.action.kind === 'close') reply = `感谢您的评价！工单${no}已办结。如有其他问题请拨打12345。`;
  else if (outcome.action.kind === 'rehandle') {
    reply = `很抱歉未能让您满意。工单${no}已安排重新办理，办理结果将再次告知您。`;
    // One message per fact: the immediate reply already says it, so the re-handle notice queued by
    // rehandleTicket in this transaction is not sent as well.
    await tx
      .update(messages)
      .set({ status: 'suppressed', lastError: 'told in the SMS reply', updatedAt: now })
      .where(
        and(
          eq(messages.ticketId, outcome.ticketId),
          eq(messages.direction, 'out'),
          eq(messages.template, 'ticket.rehandle'),
          inArray(messages.status, ['queued', 'held']),
          eq(messages.createdAt, now),
        ),
      );
  } else reply = `已收到您对工单${no}的评价，我们将尽快核实处理并回复您。`;
  return { handled: true, ticketId: outcome.ticketId, reply };
}
