-- Covering versions of two indexes the schema declares (drizzle's index builder has no INCLUDE), so the
-- hottest screens read index pages only at 10^7 tickets (bench/history):
-- - a unit's work queue: badge counts and the page's ids come from dispatches_unit_status_idx alone
--   (services/dispatch/queries.ts), 155 ms → 34 ms for a busy unit with a cold cache;
-- - the ticket list by status and day: the page's ids and the capped count come from
--   tickets_status_created_idx alone (api/tickets/list.ts ticketPage).
-- Same names and key columns as in db/schema, so drizzle-kit sees no difference. Keep when squashing.
DROP INDEX IF EXISTS "dispatches_unit_status_idx";--> statement-breakpoint
CREATE INDEX "dispatches_unit_status_idx" ON "dispatches" USING btree ("unit_id", "status", "handle_due_at")
  INCLUDE ("id", "sign_due_at", "extension_status", "role", "ticket_id");--> statement-breakpoint
DROP INDEX IF EXISTS "tickets_status_created_idx";--> statement-breakpoint
CREATE INDEX "tickets_status_created_idx" ON "tickets" USING btree ("status", "created_at") INCLUDE ("id");
