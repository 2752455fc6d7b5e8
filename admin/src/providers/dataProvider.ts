import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import { API_URL, apiCall, httpClient } from './httpClient.ts';

/** Extra calls beyond CRUD: state-changing actions and sub-collections such as a ticket's events. */
export interface HuiyinDataProvider extends DataProvider {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

const base = simpleRestProvider(API_URL, httpClient, 'Content-Range');

export const dataProvider: HuiyinDataProvider = {
  ...base,
  call: apiCall,
};
