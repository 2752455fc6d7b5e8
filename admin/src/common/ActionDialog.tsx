import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactElement, type ReactNode, useState } from 'react';
import { Form, HttpError, SaveButton, useNotify, useTranslate } from 'react-admin';
import { apiCall } from '../providers/httpClient.ts';

export interface ActionDialogProps {
  /** Button text (translation key or text). */
  label: string;
  /** Dialog title when it should say more than the button (translation key or text). */
  title?: string;
  /** POST path under /api, e.g. `/dispatches/7/sign`. */
  path: string;
  /** Inputs of the dialog; without them the button acts at once. */
  fields?: ReactNode;
  defaultValues?: Record<string, unknown>;
  transform?: (values: Record<string, unknown>) => unknown;
  /** Notification on success (translation key or text). */
  success: string;
  icon?: ReactElement;
  color?: 'primary' | 'secondary' | 'error' | 'warning' | 'success' | 'info' | 'inherit';
  variant?: 'text' | 'outlined' | 'contained';
  /** Queries to refresh afterwards (react-admin keys start with the resource name). */
  invalidate?: string[];
  onDone?: (result: unknown) => void;
  testId?: string;
}

const DEFAULT_INVALIDATE = ['dispatches', 'tickets', 'dispatch-queues'];

/**
 * One state-changing call (sign, return, reply, review…): a button, optionally a dialog with a form.
 * API field errors land under the inputs; other errors are notified in the API's Chinese words.
 */
export function ActionDialog(p: ActionDialogProps) {
  const translate = useTranslate();
  const notify = useNotify();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const result = await apiCall('POST', p.path, p.transform ? p.transform(values) : values);
      notify(p.success, { type: 'success' });
      setOpen(false);
      for (const key of p.invalidate ?? DEFAULT_INVALIDATE) void client.invalidateQueries({ queryKey: [key] });
      p.onDone?.(result);
      return undefined;
    } catch (err) {
      const e = err as HttpError;
      notify(e.message || 'ra.notification.http_error', { type: 'error' });
      const errors = e instanceof HttpError ? (e.body as { errors?: Record<string, unknown> })?.errors : undefined;
      return errors;
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      size="small"
      color={p.color ?? 'primary'}
      variant={p.variant ?? 'outlined'}
      startIcon={p.icon}
      disabled={busy}
      data-testid={p.testId}
      sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
      onClick={(e) => {
        e.stopPropagation();
        if (p.fields) setOpen(true);
        else void run({});
      }}
    >
      {translate(p.label, { _: p.label })}
    </Button>
  );
  if (!p.fields) return button;
  return (
    <>
      {button}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="sm"
        // A dialog opened from inside a form or a clickable row must not submit or click its parent.
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => e.stopPropagation()}
      >
        <Form onSubmit={run} defaultValues={p.defaultValues} record={{}}>
          <DialogTitle>{translate(p.title ?? p.label, { _: p.title ?? p.label })}</DialogTitle>
          <DialogContent>{p.fields}</DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} color="inherit">
              {translate('ra.action.cancel')}
            </Button>
            <SaveButton label="ra.action.confirm" icon={<span />} alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
}
