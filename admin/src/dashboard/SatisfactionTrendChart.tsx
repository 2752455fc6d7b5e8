import { Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useKpiDashboard } from './useKpi.ts';

/** Weekly satisfaction rate ((satisfied + basically satisfied) / reached), in percent. */
export function SatisfactionTrendChart() {
  const translate = useTranslate();
  const { data } = useKpiDashboard();
  const rows = (data?.satisfactionTrend ?? []).map((w) => ({
    week: w.week.replace(/^\d{4}-/, ''),
    rate: w.rate === null ? null : Math.round(w.rate * 1000) / 10,
    reached: w.reached,
  }));
  return (
    <Card variant="outlined" data-testid="chart-satisfaction">
      <CardContent>
        <Typography variant="subtitle2">{translate('app.kpi.satisfaction_trend')}</Typography>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" fontSize={12} />
            <YAxis domain={[0, 100]} unit="%" fontSize={12} width={44} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="rate"
              name={translate('app.kpi.satisfactionRate')}
              stroke="#2e7d32"
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
