import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Box, Card, CardContent, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { apiCall } from '../providers/httpClient.ts';

interface DayView {
  date: string;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'closure';
  name?: string;
  workingMinutes: number;
}

const COLOR: Record<DayView['kind'], string> = {
  workday: '#ffffff',
  weekend: '#eeeeee',
  holiday: '#ffcdd2',
  makeup_workday: '#bbdefb',
  closure: '#ffe0b2',
};

/** A year of the calendar, month by month: holidays red, make-up workdays blue, weekends grey. */
export function YearView({ code }: { code: string }) {
  const translate = useTranslate();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const { data } = useQuery({
    queryKey: ['calendars', 'days', code, year],
    queryFn: () =>
      apiCall<{ days: DayView[]; workingDays: number; hasHolidayData: boolean }>(
        'GET',
        `/calendars/${encodeURIComponent(code)}/days?year=${year}`,
      ),
  });
  const months = Array.from({ length: 12 }, (_, m) => ({
    month: m + 1,
    days: (data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1),
  }));
  return (
    <Card variant="outlined" data-testid="year-view">
      <CardContent>
        <Stack direction="row" alignItems="center" spacing={1}>
          <IconButton size="small" onClick={() => setYear(year - 1)} aria-label="prev">
            <ChevronLeftIcon />
          </IconButton>
          <Typography variant="subtitle1" fontWeight={600}>
            {year}
          </Typography>
          <IconButton size="small" onClick={() => setYear(year + 1)} aria-label="next">
            <ChevronRightIcon />
          </IconButton>
          <Typography variant="body2" color="text.secondary">
            {translate('app.calendar.working_days', { n: data?.workingDays ?? '—' })}
            {data && !data.hasHolidayData && ` · ${translate('app.calendar.no_data')}`}
          </Typography>
          <Box sx={{ flex: 1 }} />
          {(['holiday', 'makeup_workday', 'closure'] as const).map((k) => (
            <Stack key={k} direction="row" spacing={0.5} alignItems="center">
              <Box sx={{ width: 12, height: 12, bgcolor: COLOR[k], border: 1, borderColor: 'divider' }} />
              <Typography variant="caption">{translate(`app.calendar.kind.${k}`)}</Typography>
            </Stack>
          ))}
        </Stack>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 1, mt: 1 }}>
          {months.map(({ month, days }) => (
            <Box key={month}>
              <Typography variant="caption" fontWeight={600}>
                {month}月
              </Typography>
              <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: '1px' }}>
                {days.length > 0 && new Date(`${days[0]?.date}T00:00:00Z`).getUTCDay() > 0 && (
                  <Box sx={{ gridColumn: `span ${new Date(`${days[0]?.date}T00:00:00Z`).getUTCDay()}` }} />
                )}
                {days.map((d) => (
                  <Tooltip key={d.date} title={`${d.date} ${d.name ?? translate(`app.calendar.kind.${d.kind}`)}`}>
                    <Box
                      sx={{ fontSize: 10, textAlign: 'center', bgcolor: COLOR[d.kind], lineHeight: '16px' }}
                      data-kind={d.kind}
                    >
                      {Number(d.date.slice(8))}
                    </Box>
                  </Tooltip>
                ))}
              </Box>
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
