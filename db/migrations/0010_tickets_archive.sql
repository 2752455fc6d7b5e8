-- Cold storage for archived tickets (services/archive). Custom SQL: drizzle-kit does not model table
-- inheritance, so keep this file as is when squashing migrations.
--
-- tickets_archive INHERITS tickets: every query on "tickets" (lookups by id or number, the citizen status
-- page, timelines, lists, search, KPIs) still sees archived rows, while the hot table and its indexes hold
-- only the live part of the history. Rows move with DELETE FROM ONLY tickets … INSERT INTO tickets_archive.
-- ticket_events stays where it is: it is append-only and keyed by ticket_id, so timelines do not care.
-- Archived rows are never updated in place by the app except on a reopen (then they move back), hence
-- fillfactor 100; fewer indexes than the hot table (no due/priority work queues on closed tickets).
CREATE TABLE IF NOT EXISTS "tickets_archive" () INHERITS ("tickets") WITH (fillfactor = 100);
--> statement-breakpoint
ALTER TABLE "tickets_archive" ADD CONSTRAINT "tickets_archive_pkey" PRIMARY KEY ("id");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "tickets_archive_ticket_no_uq" ON "tickets_archive" USING btree ("ticket_no");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "tickets_archive_source_key_uq" ON "tickets_archive" USING btree ("source_key");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_archive_contact_idx" ON "tickets_archive" USING btree ("contact_id", "created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_archive_created_idx" ON "tickets_archive" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_archive_status_created_idx" ON "tickets_archive" USING btree ("status", "created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_archive_created_by_idx" ON "tickets_archive" USING btree ("created_by_id", "created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_archive_category_idx" ON "tickets_archive" USING btree ("category_id");
--> statement-breakpoint
-- Archived rows do not change, so the GIN index needs no pending list.
CREATE INDEX IF NOT EXISTS "tickets_archive_search_idx" ON "tickets_archive" USING gin ("search_tsv") WITH (fastupdate = off);
