import { z } from '@hono/zod-openapi';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { autoDispatchRules } from '../../db/schema/index.ts';
import type { App } from '../env.ts';
import { registerReadRoutes } from '../lib/crud.ts';
import { boolish, idList } from '../lib/list.ts';
import { autoRuleSchema, autoRuleView } from './schemas.ts';

const filterSchema = z.object({ id: idList.optional(), active: boolish.optional() });

export function registerAutoRulesRead(app: App) {
  registerReadRoutes(app, {
    resource: 'auto-rules',
    tag: 'auto-rules',
    summary: '自动派单规则',
    table: autoDispatchRules,
    idColumn: autoDispatchRules.id,
    rowSchema: autoRuleSchema,
    filterSchema,
    sortable: { id: autoDispatchRules.id, sortOrder: autoDispatchRules.sortOrder, name: autoDispatchRules.name },
    defaultSort: 'sortOrder',
    defaultOrder: 'asc',
    roles: ['dispatcher', 'supervisor'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(autoDispatchRules.id, f.id));
      if (f.active !== undefined) c.push(eq(autoDispatchRules.active, f.active));
      return and(...c);
    },
    view: (r) => autoRuleView(r as typeof autoDispatchRules.$inferSelect),
  });
}
