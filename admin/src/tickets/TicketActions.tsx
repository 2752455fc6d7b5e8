/** Role-specific actions on a ticket page; each action lives in its own file and appears when its API exists. */
export function TicketActions(_props: { role?: string }) {
  return null;
}
