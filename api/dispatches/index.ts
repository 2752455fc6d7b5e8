import type { App } from '../env.ts';
import { registerCancel } from './cancel.ts';
import { registerDecideExtension } from './decideExtension.ts';
import { registerDecideReturn } from './decideReturn.ts';
import { registerExtension } from './extension.ts';
import { registerGet } from './get.ts';
import { registerList } from './list.ts';
import { registerQueues } from './queues.ts';
import { registerReply } from './reply.ts';
import { registerReturn } from './return.ts';
import { registerReview } from './review.ts';
import { registerSign } from './sign.ts';
import { registerTicketDispatch } from './ticketDispatch.ts';
import { registerTicketDispatches } from './ticketDispatches.ts';
import { registerTransfer } from './transfer.ts';
import { registerUrge } from './urge.ts';

export function registerDispatches(app: App) {
  registerList(app);
  registerQueues(app);
  registerGet(app);
  registerSign(app);
  registerReturn(app);
  registerDecideReturn(app);
  registerExtension(app);
  registerDecideExtension(app);
  registerReply(app);
  registerReview(app);
  registerTransfer(app);
  registerUrge(app);
  registerCancel(app);
  registerTicketDispatch(app);
  registerTicketDispatches(app);
}
