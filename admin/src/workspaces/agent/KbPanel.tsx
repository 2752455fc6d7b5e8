import { Box, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';

/** Knowledge-base search for answering on the call (Chinese words matched by the API's jieba index). */
export function KbPanel() {
  const translate = useTranslate();
  const [q, setQ] = useState('');
  const { data } = useGetList('intake/kb', {
    filter: { active: true, ...(q.trim() ? { q: q.trim() } : {}) },
    sort: { field: 'useCount', order: 'DESC' },
    pagination: { page: 1, perPage: 8 },
  });
  return (
    <Box sx={{ p: 1.5 }} data-testid="kb-panel">
      <MuiTextField
        size="small"
        fullWidth
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={translate('app.workspace.kb_search')}
      />
      <Box sx={{ maxHeight: 470, overflowY: 'auto', mt: 1 }}>
        {(data ?? []).map((e) => (
          <Box key={e.id} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Typography fontWeight={600} variant="body2">
              {e.title}
              <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                {translate('app.workspace.kb_hits', { n: e.useCount ?? 0 })}
              </Typography>
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
              {e.answer}
            </Typography>
          </Box>
        ))}
        {data && !data.length && <Typography color="text.secondary">{translate('app.ticket.none')}</Typography>}
      </Box>
    </Box>
  );
}
