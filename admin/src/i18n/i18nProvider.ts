import polyglotI18nProvider from 'ra-i18n-polyglot';
import { zhMessages } from './zh.ts';

/** Chinese only; `allowMissing` so an API message passed to notify() shows as is. */
export const i18nProvider = polyglotI18nProvider(() => zhMessages, 'zh-CN', [{ locale: 'zh-CN', name: '简体中文' }], {
  allowMissing: true,
});
