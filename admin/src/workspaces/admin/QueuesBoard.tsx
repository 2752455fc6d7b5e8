import { Box } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { getToken } from '../../providers/session.ts';

/**
 * Bull Board inside the console. The board's guard takes the token once from the query string, moves
 * it into a short-lived cookie scoped to the board and redirects to the clean URL.
 */
export function QueuesBoard() {
  const translate = useTranslate();
  const src = `/api/admin/queues?access_token=${encodeURIComponent(getToken() ?? '')}`;
  return (
    <Box sx={{ mt: 1, height: 'calc(100vh - 80px)' }} data-testid="queues-board-page">
      <Title title={translate('app.admin.queues_board')} />
      <iframe
        title={translate('app.admin.queues_board')}
        src={src}
        style={{ width: '100%', height: '100%', border: 0 }}
      />
    </Box>
  );
}
