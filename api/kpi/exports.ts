import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ALL_COUNTERS, COUNTER_LABELS } from '../../domain/kpi/counters.ts';
import { formatRate, KPI_DEFINITIONS } from '../../domain/kpi/definitions.ts';
import {
  attachment,
  CONTENT_TYPES,
  csvStream,
  type ExportColumn,
  oneBatch,
  xlsxStream,
} from '../../services/kpi/export.ts';
import { kpiReport, type ReportRow } from '../../services/kpi/report.ts';
import { countForExport, TICKET_EXPORT_COLUMNS, ticketBatches } from '../../services/kpi/ticketExport.ts';
import { requireRole } from '../auth/guard.ts';
import type { App, AppEnv } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { listQuerySchema, parseList } from '../lib/list.ts';
import { ticketConditions, ticketFilterSchema } from '../tickets/list.ts';
import { REPORT_ROLES, reportQuery, reportQueryOf } from './params.ts';

type Format = 'csv' | 'xlsx';
const FORMATS: Format[] = ['xlsx', 'csv'];

const fileResponse = (description: string) => ({
  200: {
    description,
    content: {
      [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
      [CONTENT_TYPES.csv]: { schema: z.string() },
    },
  },
  ...errorResponses,
});

const ticketRoute = (format: Format) =>
  createRoute({
    method: 'get',
    path: `/api/exports/tickets.${format}`,
    tags: ['exports'],
    summary: `导出工单列表（${format === 'xlsx' ? 'Excel' : 'CSV'}；筛选条件同工单列表；保密工单的市民信息打码）`,
    security: [{ bearer: [] }],
    request: { query: listQuerySchema.extend(ticketFilterSchema.partial().shape).partial() },
    responses: fileResponse('the export file'),
  });

const reportRoute = (format: Format) =>
  createRoute({
    method: 'get',
    path: `/api/exports/kpi-report.${format}`,
    tags: ['exports'],
    summary: `导出 KPI 报表（${format === 'xlsx' ? 'Excel' : 'CSV'}；参数同 /api/kpi/report）`,
    security: [{ bearer: [] }],
    request: { query: reportQuery },
    responses: fileResponse('the export file'),
  });

const SORTABLE = ['id', 'ticketNo', 'createdAt', 'updatedAt', 'dueAt', 'priority', 'status', 'type', 'channel'];

function send(c: Context<AppEnv>, format: Format, body: ReadableStream<Uint8Array>, filename: string) {
  return c.body(body, 200, {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': attachment(filename),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** Report columns: the group labels, each KPI (a rate: number in Excel, "98.77%" in CSV), then the counters. */
function reportColumns(groupBy: string[], format: Format): ExportColumn<ReportRow>[] {
  const dimName: Record<string, string> = {
    unit: '单位',
    category: '分类',
    channel: '渠道',
    day: '日期',
    week: '周',
    month: '月份',
    quarter: '季度',
  };
  const cols: ExportColumn<ReportRow>[] = groupBy.map((d, i) => ({
    header: dimName[d] ?? d,
    width: d === 'unit' || d === 'category' ? 28 : 14,
    value: (r) => (r.keys.length ? (r.keys[i]?.label ?? '') : '合计'),
  }));
  if (!groupBy.length) cols.push({ header: '范围', value: () => '合计' });
  for (const d of KPI_DEFINITIONS) {
    cols.push(
      format === 'xlsx'
        ? { header: d.name, numFmt: '0.00%', value: (r) => r.kpis[d.code].value }
        : { header: d.name, value: (r) => formatRate(r.kpis[d.code].value) },
    );
  }
  for (const n of ALL_COUNTERS) cols.push({ header: COUNTER_LABELS[n], value: (r) => r.counters[n] });
  return cols;
}

export function registerExports(app: App) {
  for (const format of FORMATS) {
    app.openapi(ticketRoute(format), async (c) => {
      const user = requireRole(c);
      const deps = c.get('deps');
      const p = parseList(c, ticketFilterSchema, SORTABLE, 'id');
      const now = deps.clock.now();
      const where = ticketConditions(p.filter, user, now);
      await countForExport(deps.readDb, where);
      const batches = ticketBatches(deps.readDb, where, user);
      const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const filename = `工单导出-${stamp}.${format}`;
      const body =
        format === 'xlsx'
          ? xlsxStream('工单', TICKET_EXPORT_COLUMNS, batches)
          : csvStream(TICKET_EXPORT_COLUMNS, batches);
      return send(c, format, body, filename);
    });

    app.openapi(reportRoute(format), async (c) => {
      const user = requireRole(c, ...REPORT_ROLES);
      const deps = c.get('deps');
      const { range, query } = await reportQueryOf(deps.readDb, user, c.req.valid('query'), deps.clock.now());
      const r = await kpiReport(deps.readDb, query);
      const rows = [...r.rows, r.total];
      const cols = reportColumns(r.groupBy, format);
      const title = `12345热线 KPI 报表 ${range.label}`;
      const body =
        format === 'xlsx' ? xlsxStream('KPI', cols, oneBatch(rows), { title }) : csvStream(cols, oneBatch(rows));
      return send(c, format, body, `KPI报表-${range.period?.key ?? `${range.from}_${range.to}`}.${format}`);
    });
  }
}
