import type { App } from '../env.ts';
import { registerAttachments } from './attachments.ts';
import { registerCalls } from './calls.ts';
import { registerClusterActions } from './clusterActions.ts';
import { registerClusterReads } from './clusters.ts';
import { registerCti } from './cti.ts';
import { registerDirectAnswer } from './directAnswer.ts';
import { registerKb } from './kb.ts';
import { registerMissedCalls } from './missedCalls.ts';
import { registerRepeatCandidates } from './repeatCandidates.ts';
import { registerRepeatLink } from './repeatLink.ts';
import { registerSmsTwilio } from './smsTwilio.ts';
import { registerWindowReports } from './windowReports.ts';
import { registerWindowReview } from './windowReview.ts';

/** Intake: CTI events, inbound SMS, window reports, call records, callback list, knowledge base, repeats, clusters. */
export function registerIntake(app: App) {
  registerCti(app);
  registerSmsTwilio(app);
  registerCalls(app);
  registerMissedCalls(app);
  registerKb(app);
  registerDirectAnswer(app);
  registerRepeatCandidates(app);
  registerRepeatLink(app);
  registerClusterReads(app);
  registerClusterActions(app);
  registerWindowReports(app);
  registerWindowReview(app);
  registerAttachments(app);
}
