import { Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useKpiDashboard } from './useKpi.ts';

/** The ten units with the largest open backlog: overdue, unsigned and the rest, stacked. */
export function BacklogByUnitChart() {
  const translate = useTranslate();
  const { data } = useKpiDashboard();
  const rows = (data?.backlogByUnit ?? [])
    .slice()
    .sort((a, b) => b.open - a.open)
    .slice(0, 10)
    .map((u) => ({
      name: u.name.replace(/^市/, ''),
      overdue: u.overdue,
      unsigned: u.unsigned,
      other: Math.max(u.open - u.overdue - u.unsigned, 0),
    }));
  return (
    <Card variant="outlined" data-testid="chart-backlog">
      <CardContent>
        <Typography variant="subtitle2">{translate('app.kpi.backlog_by_unit')}</Typography>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} fontSize={12} />
            <YAxis type="category" dataKey="name" width={110} fontSize={11} interval={0} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="overdue"
              stackId="a"
              name={translate('app.kpi.overdue')}
              fill="#d32f2f"
              isAnimationActive={false}
            />
            <Bar
              dataKey="unsigned"
              stackId="a"
              name={translate('app.kpi.unsigned')}
              fill="#ed6c02"
              isAnimationActive={false}
            />
            <Bar
              dataKey="other"
              stackId="a"
              name={translate('app.kpi.handling')}
              fill="#1565c0"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
