import SendIcon from '@mui/icons-material/Send';
import { Chip, Stack, Typography } from '@mui/material';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  TextInput,
  useTranslate,
} from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';
import { type Suggestion, useSuggestions } from './useSuggestions.ts';

const pct = (c: number) => Math.round(c * 100);

function Reasons({ s }: { s: Suggestion }) {
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" sx={{ mb: 1 }}>
      {s.reasons.map((r) => (
        <Chip key={r} size="small" variant="outlined" label={r} />
      ))}
    </Stack>
  );
}

/** The dispatch dialog: the top suggestion pre-selected, everything overridable (the override is recorded). */
export function DispatchButton({ ticketId, categoryId }: { ticketId: number; categoryId?: number | null }) {
  const translate = useTranslate();
  const { data } = useSuggestions(ticketId);
  const top = data?.suggestions[0];
  const unitSort = { field: 'path', order: 'ASC' } as const;
  return (
    <ActionDialog
      label="app.dispatch.action.dispatch"
      path={`/tickets/${ticketId}/dispatch`}
      success="app.dispatch.done.dispatch"
      icon={<SendIcon />}
      testId="dispatch-open"
      defaultValues={{
        unitId: top?.unitId,
        coUnitIds: top?.coUnitIds ?? [],
        categoryId: top?.categoryId ?? categoryId ?? null,
      }}
      transform={(v) => ({
        unitId: v.unitId,
        coUnitIds: v.coUnitIds ?? [],
        categoryId: v.categoryId ?? null,
        instructions: v.instructions ?? null,
      })}
      fields={
        <>
          <Typography variant="body2" color="text.secondary">
            {top
              ? translate('app.dispatch.suggested', { unit: top.unitName ?? top.unitId, pct: pct(top.confidence) })
              : translate('app.dispatch.no_suggestion')}
          </Typography>
          {top && <Reasons s={top} />}
          <ReferenceInput source="unitId" reference="units" sort={unitSort}>
            <AutocompleteInput
              label="app.dispatch.field.unit"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
              validate={required()}
              fullWidth
            />
          </ReferenceInput>
          <ReferenceArrayInput source="coUnitIds" reference="units" sort={unitSort}>
            <AutocompleteArrayInput
              label="app.dispatch.field.coUnits"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
              fullWidth
            />
          </ReferenceArrayInput>
          <ReferenceInput source="categoryId" reference="categories" filter={{ isLeaf: true }}>
            <AutocompleteInput
              label="app.dispatch.field.category"
              optionText="fullName"
              filterToQuery={(q: string) => ({ q })}
              fullWidth
            />
          </ReferenceInput>
          <TextInput source="instructions" label="app.dispatch.field.instructions" multiline fullWidth />
        </>
      }
    />
  );
}

/** One click: dispatch to the top suggestion as it stands (shown with its confidence). */
export function QuickDispatchButton({ ticketId }: { ticketId: number }) {
  const translate = useTranslate();
  const { data, isPending } = useSuggestions(ticketId);
  const top = data?.suggestions[0];
  if (isPending) return null;
  if (!top)
    return (
      <Typography variant="caption" color="text.secondary">
        {translate('app.dispatch.no_suggestion')}
      </Typography>
    );
  return (
    <ActionDialog
      label={translate('app.dispatch.quick', { unit: top.unitName ?? top.unitId, pct: pct(top.confidence) })}
      path={`/tickets/${ticketId}/dispatch`}
      success="app.dispatch.done.dispatch"
      variant="contained"
      testId="quick-dispatch"
      transform={() => ({ unitId: top.unitId, coUnitIds: top.coUnitIds, categoryId: top.categoryId })}
    />
  );
}
