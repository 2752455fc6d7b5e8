import { useCallback } from 'react';
import { Pagination, type PaginationProps, useListContext, useTranslate } from 'react-admin';
import type { ListMeta } from '../providers/dataProvider.ts';

/**
 * react-admin's pagination, except that a total the API stopped counting at (a broad filter over a large
 * history) reads 「共超过 10000 条」, not as an exact count.
 */
export function CappedPagination(props: PaginationProps) {
  const { meta } = useListContext();
  const translate = useTranslate();
  const capped = (meta as ListMeta | undefined)?.totalCapped === true;
  const label = useCallback(
    ({ from, to, count }: { from: number; to: number; count: number }) =>
      translate('app.list.capped_range_info', {
        offsetBegin: from,
        offsetEnd: to,
        total: count.toLocaleString('zh-CN'),
      }),
    [translate],
  );
  if (!capped) return <Pagination {...props} />;
  // Pagination hands props it does not know on to MUI's TablePagination, whose label this is; its own
  // props type does not list it.
  const labelled = { ...props, labelDisplayedRows: label } as PaginationProps;
  return <Pagination {...labelled} />;
}
