import type { ConsoleServer } from '../harness.ts';

interface Row {
  id: number;
  ticketNo: string;
  title: string;
  status: string;
}

/** Dispatches a registered ticket to a unit (by code) through the API, as a dispatcher would. */
export async function dispatchToUnit(server: ConsoleServer, unitCode: string): Promise<Row> {
  const token = await server.login('dispatcher1');
  const units = await server.api<Array<{ id: number; code: string }>>('GET', `/api/units?q=${unitCode}`, { token });
  const unit = units.body.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`unit ${unitCode} not found`);
  const list = await server.api<Row[]>('GET', '/api/tickets?status=registered&_sort=id&_order=DESC&_end=1', { token });
  const ticket = list.body[0];
  if (!ticket) throw new Error('no registered ticket left');
  const r = await server.api('POST', `/api/tickets/${ticket.id}/dispatch`, { token, body: { unitId: unit.id } });
  if (r.status !== 201) throw new Error(`dispatch: ${r.status} ${JSON.stringify(r.body)}`);
  return ticket;
}
