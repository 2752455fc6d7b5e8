import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListParams } from 'react-admin';
import { API_URL, apiCall, httpClient } from './httpClient.ts';

/** Extra calls beyond CRUD: state-changing actions and sub-collections such as a ticket's events. */
export interface HuiyinDataProvider extends DataProvider {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** What getList adds to react-admin's list `meta`: the API stopped counting at `total` (X-Total-Count-Capped). */
export interface ListMeta {
  totalCapped?: boolean;
}

const base = simpleRestProvider(API_URL, httpClient, 'Content-Range');

/**
 * ra-data-simple-rest keeps only the number of Content-Range, so a list over a very large history would show
 * the API's counting cap (api/tickets/list.ts TOTAL_CAP) as if it were the exact total. This reads the cap
 * header of the same response and passes it on in the list's `meta` (shown by CappedPagination).
 */
async function getList(resource: string, params: GetListParams) {
  let capped = false;
  const seeing = simpleRestProvider(
    API_URL,
    async (url, options) => {
      const res = await httpClient(url, options);
      capped = res.headers.get('X-Total-Count-Capped') === 'true';
      return res;
    },
    'Content-Range',
  );
  const out = await seeing.getList(resource, params);
  return capped ? { ...out, meta: { ...out.meta, totalCapped: true } satisfies ListMeta } : out;
}

export const dataProvider: HuiyinDataProvider = {
  ...base,
  getList,
  call: apiCall,
};
