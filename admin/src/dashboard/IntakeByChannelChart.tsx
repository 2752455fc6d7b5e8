import { Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useKpiDashboard } from './useKpi.ts';

/** Today's intake by channel. */
export function IntakeByChannelChart() {
  const translate = useTranslate();
  const { data } = useKpiDashboard();
  return (
    <Card variant="outlined" data-testid="chart-intake">
      <CardContent>
        <Typography variant="subtitle2">{translate('app.kpi.intake_by_channel')}</Typography>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data?.today.intakeByChannel ?? []}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} width={32} />
            <Tooltip />
            <Bar dataKey="count" name={translate('app.kpi.count')} fill="#b71c1c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
