import type { ConsoleServer } from '../harness.ts';
import { CTI_TOKEN } from '../harness.ts';

/** Drives the PBX side: the CTI events a real switch would post. */
export async function ctiCall(
  server: ConsoleServer,
  callId: string,
  from: string,
  events: Array<{ event: 'newCall' | 'answer' | 'hangup'; answeringNumber?: string }>,
) {
  for (const e of events) {
    const r = await server.api('POST', '/api/intake/cti', {
      headers: { 'x-cti-token': CTI_TOKEN },
      body: { event: e.event, callId, from, to: '12345', direction: 'in', answeringNumber: e.answeringNumber },
    });
    if (r.status >= 300) throw new Error(`cti ${e.event}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}
