import { z } from '@hono/zod-openapi';
import { and, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { calls } from '../../db/schema/index.ts';
import { CALL_DIRECTIONS } from '../../domain/intake/callRecord.ts';
import { normalizePhone } from '../../domain/phone.ts';
import type { App } from '../env.ts';
import { isoDates, registerReadRoutes } from '../lib/crud.ts';
import { int4Query } from '../lib/ids.ts';
import { idList, stringList } from '../lib/list.ts';
import { callSchema } from './schemas.ts';

const CALL_STATUSES = ['ringing', 'answered', 'completed', 'missed', 'unanswered'] as const;

const filterSchema = z.object({
  id: idList.optional(),
  status: stringList(CALL_STATUSES).optional(),
  direction: z.enum(CALL_DIRECTIONS).optional(),
  phone: z.string().trim().max(40).optional(),
  agentId: int4Query.optional(),
  contactId: int4Query.optional(),
  callId: z.string().trim().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** GET /api/intake/calls and /api/intake/calls/{id}: the call records built from CTI events. */
export function registerCalls(app: App) {
  registerReadRoutes(app, {
    resource: 'intake/calls',
    tag: 'intake',
    summary: '通话记录',
    table: calls,
    idColumn: calls.id,
    rowSchema: callSchema,
    filterSchema,
    sortable: {
      id: calls.id,
      offeredAt: calls.offeredAt,
      waitSeconds: calls.waitSeconds,
      talkSeconds: calls.talkSeconds,
    },
    defaultSort: 'id',
    roles: ['agent', 'dispatcher', 'supervisor'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(calls.id, f.id));
      if (f.status) c.push(inArray(calls.status, f.status));
      if (f.direction) c.push(eq(calls.direction, f.direction));
      if (f.phone) c.push(eq(calls.phone, normalizePhone(f.phone) ?? f.phone));
      if (f.agentId) c.push(eq(calls.agentId, f.agentId));
      if (f.contactId) c.push(eq(calls.contactId, f.contactId));
      if (f.callId) c.push(eq(calls.callId, f.callId));
      if (f.from) c.push(gte(calls.offeredAt, f.from));
      if (f.to) c.push(lt(calls.offeredAt, f.to));
      return and(...c);
    },
    view: (r) => isoDates(r) as z.infer<typeof callSchema>,
  });
}
