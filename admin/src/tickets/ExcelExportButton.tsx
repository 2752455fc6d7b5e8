import GridOnIcon from '@mui/icons-material/GridOn';
import { Button } from '@mui/material';
import { useState } from 'react';
import { type HttpError, useListContext, useNotify, useTranslate } from 'react-admin';
import { downloadFile } from '../common/download.ts';
import { useApiHas } from '../providers/capabilities.ts';

/**
 * Excel export of the whole filtered list, built by the server (exceljs, confidential citizens masked),
 * not only the rows on screen.
 */
export function ExcelExportButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const { filterValues, sort } = useListContext();
  const has = useApiHas('GET /api/exports/tickets.xlsx');
  const [busy, setBusy] = useState(false);
  if (!has) return null;
  const run = async () => {
    setBusy(true);
    try {
      const q = new URLSearchParams({
        filter: JSON.stringify(filterValues),
        sort: JSON.stringify([sort.field, sort.order]),
      });
      await downloadFile(`/exports/tickets.xlsx?${q}`, '工单导出.xlsx');
    } catch (e) {
      notify((e as HttpError).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      startIcon={<GridOnIcon />}
      onClick={() => void run()}
      disabled={busy}
      data-testid="export-xlsx"
    >
      {translate('app.ticket.export_xlsx')}
    </Button>
  );
}
