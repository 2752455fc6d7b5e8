import { downloadCSV, type Exporter } from 'react-admin';
import { labelOf } from '../choices.ts';
import { formatDateTime } from '../common/time.ts';

interface TicketRow {
  ticketNo: string;
  createdAt: string;
  channel: string;
  type: string;
  priority: string;
  status: string;
  categoryName: string | null;
  title: string;
  content: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  confidential: boolean;
  dueAt: string | null;
  closedAt: string | null;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Citizens of confidential tickets never leave the system in an export, whoever exports. */
function mask(t: TicketRow, v: string | null): string {
  if (!v) return '';
  return t.confidential ? '（保密）' : v;
}

const COLUMNS: Array<[string, (t: TicketRow) => unknown]> = [
  ['工单编号', (t) => t.ticketNo],
  ['登记时间', (t) => formatDateTime(t.createdAt)],
  ['渠道', (t) => labelOf('channel', t.channel)],
  ['类型', (t) => labelOf('ticketType', t.type)],
  ['紧急程度', (t) => labelOf('priority', t.priority)],
  ['状态', (t) => labelOf('ticketStatus', t.status)],
  ['诉求分类', (t) => t.categoryName],
  ['标题', (t) => t.title],
  ['诉求内容', (t) => t.content],
  ['地址', (t) => t.address],
  ['联系人', (t) => mask(t, t.contactName)],
  ['联系电话', (t) => mask(t, t.contactPhone)],
  ['办理时限', (t) => formatDateTime(t.dueAt)],
  ['办结时间', (t) => formatDateTime(t.closedAt)],
];

/** CSV with Chinese headers and labels; BOM first so Excel opens it as UTF-8. */
export function ticketsToCsv(rows: TicketRow[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const r of rows) lines.push(COLUMNS.map(([, f]) => csvCell(f(r))).join(','));
  return `\uFEFF${lines.join('\r\n')}`;
}

export const ticketExporter: Exporter = (records) => {
  downloadCSV(ticketsToCsv(records as TicketRow[]), `工单导出-${new Date().toISOString().slice(0, 10)}`);
};
