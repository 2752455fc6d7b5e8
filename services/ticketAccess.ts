import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { categories, contacts, tickets } from '../db/schema/index.ts';
import type { Role } from '../domain/vocabulary.ts';
import { notFound } from './errors.ts';

export interface Viewer {
  id: number;
  role: Role;
  unitId: number | null;
  unitPath: string | null;
}

/** Rows a viewer may see: units only their own (and child units') dispatches, clerks their own reports. */
export function ticketScope(viewer: Viewer): SQL | undefined {
  if (viewer.role === 'unit_staff') {
    const prefix = `${viewer.unitPath ?? '/-1/'}%`;
    return sql`exists (select 1 from dispatches d join units u on u.id = d.unit_id
      where d.ticket_id = ${tickets.id} and u.path like ${prefix})`;
  }
  if (viewer.role === 'window_clerk') return eq(tickets.createdById, viewer.id);
  return undefined;
}

/** Units never see who a confidential citizen is; nor do they get the citizen's query code. */
export function canSeeCitizen(viewer: Viewer, confidential: boolean): boolean {
  return !(viewer.role === 'unit_staff' && confidential);
}

export const ticketColumns = {
  id: tickets.id,
  ticketNo: tickets.ticketNo,
  channel: tickets.channel,
  type: tickets.type,
  priority: tickets.priority,
  status: tickets.status,
  closeReason: tickets.closeReason,
  title: tickets.title,
  content: tickets.content,
  address: tickets.address,
  categoryId: tickets.categoryId,
  categoryName: categories.fullName,
  districtId: tickets.districtId,
  contactId: tickets.contactId,
  contactName: contacts.name,
  contactPhone: contacts.phone,
  contactEmail: contacts.email,
  confidential: tickets.confidential,
  queryCode: tickets.queryCode,
  createdById: tickets.createdById,
  callId: tickets.callId,
  repeatOfId: tickets.repeatOfId,
  clusterId: tickets.clusterId,
  dueAt: tickets.dueAt,
  closedAt: tickets.closedAt,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  version: tickets.version,
  extra: tickets.extra,
};

type TicketRow = Awaited<ReturnType<typeof ticketSelect>>[number];

export type TicketView = Omit<TicketRow, 'dueAt' | 'closedAt' | 'createdAt' | 'updatedAt'> & {
  dueAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  citizenHidden: boolean;
};

export function toTicketView(row: TicketRow, viewer: Viewer): TicketView {
  const visible = canSeeCitizen(viewer, row.confidential);
  return {
    ...row,
    contactName: visible ? row.contactName : null,
    contactPhone: visible ? row.contactPhone : null,
    contactEmail: visible ? row.contactEmail : null,
    contactId: visible ? row.contactId : null,
    queryCode: viewer.role === 'unit_staff' ? '' : row.queryCode,
    dueAt: row.dueAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    citizenHidden: !visible,
  };
}

export function ticketSelect(db: Executor) {
  return db
    .select(ticketColumns)
    .from(tickets)
    .leftJoin(contacts, eq(contacts.id, tickets.contactId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId));
}

/** The ticket if this viewer may see it; 404 otherwise, so a unit cannot probe other units' numbers. */
export async function loadVisibleTicket(db: Executor, viewer: Viewer, id: number): Promise<TicketView> {
  const [row] = await ticketSelect(db)
    .where(and(eq(tickets.id, id), ticketScope(viewer)))
    .limit(1);
  if (!row) throw notFound('工单');
  return toTicketView(row, viewer);
}
