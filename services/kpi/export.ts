/**
 * Streaming CSV and Excel writers for reports and ticket lists. Rows come in batches from an async
 * iterator, so a 100 000-row export never sits in memory at once. CSV starts with a UTF-8 BOM (Excel
 * opens Chinese correctly) and guards against formula injection: a cell starting with = + - @ is
 * prefixed with an apostrophe.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface ExportColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null | undefined;
  /** Excel number format, e.g. '0.00%'. */
  numFmt?: string;
}

export type RowBatches<T> = AsyncIterable<T[]>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text that cannot run as a spreadsheet formula. */
export function safeText(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = safeText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine<T>(columns: ExportColumn<T>[], row: T): string {
  return `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`;
}

export function csvStream<T>(columns: ExportColumn<T>[], batches: RowBatches<T>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(enc.encode(next.value.map((r) => csvLine(columns, r)).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function xlsxValue(v: string | number | null | undefined): string | number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? safeText(v) : v;
}

/** An .xlsx written as it streams (exceljs WorkbookWriter), one sheet with a bold frozen header row. */
export function xlsxStream<T>(
  sheetName: string,
  columns: ExportColumn<T>[],
  batches: RowBatches<T>,
  opts: { title?: string } = {},
): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Huiyin 回音';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: opts.title ? 2 : 1 }],
  });
  sheet.columns = columns.map((c) => ({
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  void (async () => {
    try {
      if (opts.title) {
        const t = sheet.addRow([opts.title]);
        t.font = { bold: true, size: 14 };
        t.commit();
      }
      const head = sheet.addRow(columns.map((c) => c.header));
      head.font = { bold: true };
      head.commit();
      for await (const batch of batches) {
        for (const r of batch) sheet.addRow(columns.map((c) => xlsxValue(c.value(r)))).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/** One batch from an array: for small exports such as a KPI report. */
export async function* oneBatch<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Content-Disposition with a Chinese file name (RFC 5987) and an ASCII fallback. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
