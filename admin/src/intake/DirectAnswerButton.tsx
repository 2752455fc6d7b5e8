import QuestionAnswerIcon from '@mui/icons-material/QuestionAnswer';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import { type HttpError, type RaRecord, useGetList, useNotify, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { apiCall } from '../providers/httpClient.ts';
import { cleanIntake } from './IntakeFields.tsx';

interface Props {
  onDone: (ticket: RaRecord) => void;
}

/**
 * 直接答复办结: registers the matter on the form and closes it in one step with a knowledge-base answer
 * (POST /api/intake/direct-answers). The agent picks an entry (searched as they type) or writes the answer.
 */
export function DirectAnswerButton({ onDone }: Props) {
  const translate = useTranslate();
  const notify = useNotify();
  const form = useFormContext();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<RaRecord | null>(null);
  const [answer, setAnswer] = useState('');
  const { data } = useGetList(
    'intake/kb',
    {
      filter: { active: true, ...(q.trim() ? { q: q.trim() } : {}) },
      pagination: { page: 1, perPage: 6 },
      sort: { field: 'useCount', order: 'DESC' },
    },
    { enabled: open },
  );
  const start = async () => {
    if (await form.trigger()) {
      setQ(String(form.getValues('content') ?? '').slice(0, 20));
      setOpen(true);
    }
  };
  const submit = async () => {
    try {
      const body = { ...cleanIntake(form.getValues()), kbEntryId: picked?.id ?? null, answer: answer.trim() || null };
      const ticket = await apiCall<RaRecord>('POST', '/intake/direct-answers', body);
      notify('app.workspace.direct_done', { type: 'success', messageArgs: { ticketNo: ticket.ticketNo } });
      setOpen(false);
      onDone(ticket);
    } catch (err) {
      notify((err as HttpError).message, { type: 'error' });
    }
  };
  return (
    <>
      <Button
        variant="outlined"
        color="success"
        startIcon={<QuestionAnswerIcon />}
        onClick={() => void start()}
        data-testid="direct-answer"
      >
        {translate('app.workspace.direct_title')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('app.workspace.direct_title')}</DialogTitle>
        <DialogContent>
          <MuiTextField
            size="small"
            fullWidth
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={translate('app.workspace.kb_search')}
            sx={{ mt: 1 }}
          />
          {(data ?? []).map((e) => (
            <Button
              key={e.id}
              fullWidth
              variant={picked?.id === e.id ? 'contained' : 'text'}
              onClick={() => setPicked(e)}
              sx={{ justifyContent: 'flex-start', textAlign: 'left', mt: 0.5 }}
              data-testid={`kb-${e.id}`}
            >
              {e.title}
            </Button>
          ))}
          <MuiTextField
            label={translate('app.workspace.direct_answer')}
            fullWidth
            multiline
            minRows={3}
            value={answer || (picked?.answer as string | undefined) || ''}
            onChange={(e) => setAnswer(e.target.value)}
            sx={{ mt: 2 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} color="inherit">
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            disabled={!picked && !answer.trim()}
            onClick={() => void submit()}
            data-testid="direct-answer-confirm"
          >
            {translate('ra.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
