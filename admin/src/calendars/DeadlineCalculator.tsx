import { Alert, Box, Button, Card, CardContent, MenuItem, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { type HttpError, useTranslate } from 'react-admin';
import { apiCall } from '../providers/httpClient.ts';

interface Result {
  deadline: string;
  start: string;
  calendar: string;
  limit: string;
  workingMinutes: number;
}

/** Beijing wall time now, as the value of a datetime-local input. */
function nowLocal(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}

/**
 * 期限计算器: POST /api/calendars/{code}/deadline. Anyone can check how a limit will be counted on
 * this calendar, holidays and make-up workdays included.
 */
export function DeadlineCalculator({ code }: { code: string }) {
  const translate = useTranslate();
  const [start, setStart] = useState(nowLocal);
  const [amount, setAmount] = useState('3');
  const [unit, setUnit] = useState<'workingDays' | 'hours' | 'minutes'>('workingDays');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    try {
      setResult(
        await apiCall<Result>('POST', `/calendars/${encodeURIComponent(code)}/deadline`, {
          start: `${start}:00+08:00`,
          [unit]: Number(amount),
        }),
      );
    } catch (e) {
      setResult(null);
      setError((e as HttpError).message);
    }
  };
  return (
    <Card variant="outlined" data-testid="deadline-calculator">
      <CardContent>
        <Typography variant="subtitle1" fontWeight={600} gutterBottom>
          {translate('app.calendar.calculator')}
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField
            size="small"
            type="datetime-local"
            label={translate('app.calendar.start')}
            value={start}
            onChange={(e) => setStart(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            type="number"
            label={translate('app.calendar.amount')}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            sx={{ width: 100 }}
          />
          <TextField
            size="small"
            select
            label={translate('app.calendar.unit')}
            value={unit}
            onChange={(e) => setUnit(e.target.value as typeof unit)}
            sx={{ width: 130 }}
          >
            <MenuItem value="workingDays">{translate('app.calendar.workingDays')}</MenuItem>
            <MenuItem value="hours">{translate('app.calendar.hours')}</MenuItem>
            <MenuItem value="minutes">{translate('app.calendar.minutes')}</MenuItem>
          </TextField>
          <Button variant="contained" onClick={() => void run()} data-testid="calculate">
            {translate('app.calendar.calculate')}
          </Button>
        </Box>
        {result && (
          <Alert severity="success" sx={{ mt: 1.5 }} data-testid="deadline-result">
            {translate('app.calendar.result', {
              limit: result.limit,
              deadline: result.deadline.replace('T', ' ').slice(0, 16),
            })}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {error}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
