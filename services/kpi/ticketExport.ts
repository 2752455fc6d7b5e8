/**
 * Ticket list exports: the same filters as the ticket list (api/tickets/list.ts ticketConditions), read
 * from the read replica in keyset pages. Confidential tickets leave the system masked: the citizen's
 * name (王**), phone (138****5678), e-mail and address; unit staff never get them at all (toTicketView).
 */
import { and, count, desc, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { tickets } from '../../db/schema/index.ts';
import { maskName, maskPhone } from '../../domain/phone.ts';
import { labels } from '../../domain/vocabulary.ts';
import { AppError } from '../errors.ts';
import { type TicketView, ticketSelect, toTicketView, type Viewer } from '../ticketAccess.ts';
import type { ExportColumn } from './export.ts';

export const MAX_EXPORT_ROWS = 200_000;
const PAGE = 2000;

export interface ExportTicket extends TicketView {
  leadUnitName: string | null;
}

export function maskEmail(e: string | null): string | null {
  if (!e) return null;
  const [user, domain] = e.split('@');
  return `${(user ?? '').slice(0, 1)}***@${domain ?? ''}`;
}

/** What may leave the system in a file: confidential citizens masked whoever exports. */
export function maskForExport(t: TicketView): TicketView {
  if (!t.confidential) return t;
  return {
    ...t,
    contactName: maskName(t.contactName),
    contactPhone: maskPhone(t.contactPhone),
    contactEmail: maskEmail(t.contactEmail),
    address: t.address ? '（保密）' : null,
  };
}

export async function countForExport(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tickets).where(where);
  const n = Number(row?.n ?? 0);
  if (n > MAX_EXPORT_ROWS) {
    throw new AppError('validation', `导出 ${n} 条超过上限 ${MAX_EXPORT_ROWS} 条，请缩小筛选范围`, {
      fields: [{ path: 'filter', message: '结果过多' }],
    });
  }
  return n;
}

async function leadUnits(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ ticket_id: number; name: string }>(
    db,
    sql`select distinct on (d.ticket_id) d.ticket_id, u.name
        from dispatches d join units u on u.id = d.unit_id
        where d.ticket_id = any(${`{${ids.join(',')}}`}::int[]) and d.role = 'lead'
        order by d.ticket_id, d.round desc, d.id desc`,
  );
  return new Map(rows.map((r) => [Number(r.ticket_id), r.name]));
}

/** Newest first, in pages of 2000 by id (keyset: stable while tickets keep arriving). */
export async function* ticketBatches(
  db: Executor,
  where: SQL | undefined,
  viewer: Viewer,
): AsyncGenerator<ExportTicket[]> {
  let last: number | null = null;
  for (;;) {
    const rows = await ticketSelect(db)
      .where(and(where, last === null ? undefined : lt(tickets.id, last)))
      .orderBy(desc(tickets.id))
      .limit(PAGE);
    if (!rows.length) return;
    const units = await leadUnits(
      db,
      rows.map((r) => r.id),
    );
    yield rows.map((r) => ({ ...maskForExport(toTicketView(r, viewer)), leadUnitName: units.get(r.id) ?? null }));
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1]?.id ?? null;
  }
}

const fmtTime = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;

const label = (map: Record<string, string>, k: string | null) => (k ? (map[k] ?? k) : null);

export const TICKET_EXPORT_COLUMNS: ExportColumn<ExportTicket>[] = [
  { header: '工单编号', width: 18, value: (t) => t.ticketNo },
  { header: '受理时间', width: 17, value: (t) => fmtTime(t.createdAt) },
  { header: '渠道', value: (t) => label(labels.channel, t.channel) },
  { header: '类型', value: (t) => label(labels.ticketType, t.type) },
  { header: '紧急程度', value: (t) => label(labels.priority, t.priority) },
  { header: '状态', value: (t) => label(labels.ticketStatus, t.status) },
  { header: '分类', width: 28, value: (t) => t.categoryName },
  { header: '标题', width: 30, value: (t) => t.title },
  { header: '内容', width: 50, value: (t) => t.content },
  { header: '地址', width: 24, value: (t) => t.address },
  { header: '主办单位', width: 20, value: (t) => t.leadUnitName },
  { header: '市民姓名', value: (t) => t.contactName },
  { header: '市民电话', width: 15, value: (t) => t.contactPhone },
  { header: '保密', value: (t) => (t.confidential ? '是' : '否') },
  { header: '办理时限', width: 17, value: (t) => fmtTime(t.dueAt) },
  { header: '办结时间', width: 17, value: (t) => fmtTime(t.closedAt) },
  { header: '办结原因', value: (t) => t.closeReason },
];
