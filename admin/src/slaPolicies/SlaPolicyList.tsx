import { BooleanField, DataTable, List, type RaRecord, SearchInput, SelectInput, useTranslate } from 'react-admin';
import { choicesOf, labelOf } from '../choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="ticketType" source="ticketType" choices={choicesOf('ticketType')} />,
  <SelectInput key="priority" source="priority" choices={choicesOf('priority')} />,
];

function Limits({ r }: { r: RaRecord }) {
  const translate = useTranslate();
  const limits = (r.limits ?? {}) as Record<string, { value: number; unit: string }>;
  return (
    <span>
      {Object.entries(limits)
        .map(
          ([k, l]) =>
            `${translate(`enums.clockKind.${k}`, { _: k })} ${l.value}${translate(`app.sla.unit.${l.unit}`, { _: l.unit })}`,
        )
        .join('；')}
    </span>
  );
}

/** Policies in their matching order (position, never the name), first match wins. */
export function SlaPolicyList() {
  return (
    <List filters={filters} sort={{ field: 'position', order: 'ASC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false} size="small">
        <DataTable.Col source="position" />
        <DataTable.Col source="name" />
        <DataTable.Col
          source="ticketType"
          disableSort
          render={(r) => labelOf('ticketType', r.ticketType) || '（全部）'}
        />
        <DataTable.Col source="priority" disableSort render={(r) => labelOf('priority', r.priority) || '（全部）'} />
        <DataTable.Col
          source="limits"
          label="app.sla.limits"
          disableSort
          render={(r) => <Limits r={r as RaRecord} />}
        />
        <DataTable.Col source="warnPercent" disableSort />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
