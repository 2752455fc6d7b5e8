import { Typography } from '@mui/material';
import type { SxProps, Theme } from '@mui/material/styles';
import { Fragment, type ReactNode } from 'react';
import { type RaRecord, useListContext, useTranslate } from 'react-admin';

/** The records of the surrounding list (react-admin ListBase) drawn by `row`, or a "none" line when empty. */
export function ListRows({
  row,
  emptySx = { p: 2 },
}: {
  row: (record: RaRecord) => ReactNode;
  emptySx?: SxProps<Theme>;
}) {
  const { data } = useListContext();
  const translate = useTranslate();
  if (!data) return null;
  if (!data.length) {
    return (
      <Typography sx={emptySx} color="text.secondary">
        {translate('app.ticket.none')}
      </Typography>
    );
  }
  return (
    <>
      {data.map((record) => (
        <Fragment key={record.id}>{row(record)}</Fragment>
      ))}
    </>
  );
}
