import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { contacts, revisits, tickets } from '../../db/schema/index.ts';
import { REVISIT_RESULTS } from '../../domain/followup/revisit.ts';
import { rowIdQuery } from '../lib/ids.ts';

export const REVISIT_STATUSES = ['open', 'awaiting_decision', 'done', 'cancelled'] as const;

export const revisitSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    ticketNo: z.string(),
    title: z.string(),
    ticketStatus: z.string(),
    priority: z.string(),
    confidential: z.boolean(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    dispatchId: z.number().nullable(),
    round: z.number(),
    method: z.enum(['sms', 'phone']),
    status: z.enum(REVISIT_STATUSES),
    result: z.enum(REVISIT_RESULTS).nullable(),
    comment: z.string().nullable(),
    dueAt: z.string(),
    smsWindowEndsAt: z.string().nullable(),
    phoneQueuedAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    attempts: z.number(),
    assignedToId: z.number().nullable(),
    recordedById: z.number().nullable(),
    recordedAt: z.string().nullable(),
    recordedVia: z.string().nullable(),
    ruling: z.string().nullable(),
    ruleReason: z.string().nullable(),
    overdue: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Revisit');
export type RevisitView = z.infer<typeof revisitSchema>;

export const revisitColumns = {
  r: revisits,
  ticketNo: tickets.ticketNo,
  title: tickets.title,
  ticketStatus: tickets.status,
  priority: tickets.priority,
  confidential: tickets.confidential,
  contactName: contacts.name,
  contactPhone: contacts.phone,
};

export function revisitSelect(db: Executor) {
  return db
    .select(revisitColumns)
    .from(revisits)
    .innerJoin(tickets, eq(tickets.id, revisits.ticketId))
    .leftJoin(contacts, eq(contacts.id, tickets.contactId));
}

type Row = Awaited<ReturnType<typeof revisitSelect>>[number];

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toRevisitView(row: Row, now: Date): RevisitView {
  const r = row.r;
  return {
    id: r.id,
    ticketId: r.ticketId,
    ticketNo: row.ticketNo,
    title: row.title,
    ticketStatus: row.ticketStatus,
    priority: row.priority,
    confidential: row.confidential,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    dispatchId: r.dispatchId,
    round: r.round,
    method: r.method === 'phone' ? 'phone' : 'sms',
    status: r.status as RevisitView['status'],
    result: (r.result as RevisitView['result']) ?? null,
    comment: r.comment,
    dueAt: r.dueAt.toISOString(),
    smsWindowEndsAt: iso(r.smsWindowEndsAt),
    phoneQueuedAt: iso(r.phoneQueuedAt),
    nextAttemptAt: iso(r.nextAttemptAt),
    attempts: r.attempts,
    assignedToId: r.assignedToId,
    recordedById: r.recordedById,
    recordedAt: iso(r.recordedAt),
    recordedVia: r.recordedVia,
    ruling: r.ruling,
    ruleReason: r.ruleReason,
    overdue: r.status === 'open' && r.dueAt.getTime() < now.getTime(),
    createdAt: r.createdAt.toISOString(),
  };
}

export const revisitIdParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const REVISIT_ROLES = ['agent', 'dispatcher', 'supervisor'] as const;
