import { AutocompleteInput, type RaRecord, ReferenceInput } from 'react-admin';
import { useFormContext } from 'react-hook-form';

/**
 * Leaf categories searched as you type (name, full path, keywords on the server); choosing one
 * sets the ticket type to the category's usual type, so the agent rarely touches the type.
 */
export function CategoryPicker({ source = 'categoryId' }: { source?: string }) {
  const { setValue } = useFormContext();
  return (
    <ReferenceInput
      source={source}
      reference="categories"
      filter={{ isLeaf: true, active: true }}
      sort={{ field: 'sortOrder', order: 'ASC' }}
      perPage={30}
    >
      <AutocompleteInput
        optionText="fullName"
        filterToQuery={(q: string) => ({ q })}
        helperText={false}
        TextFieldProps={{ placeholder: '输入关键词搜索，如：路灯、噪音、社保' }}
        onChange={(_id: unknown, record: RaRecord | '') => {
          if (record !== '' && record?.defaultType) setValue('type', record.defaultType, { shouldDirty: true });
        }}
        fullWidth
      />
    </ReferenceInput>
  );
}
