-- A unit's dispatches by time, covering ticket_id (bench/history). The ticket list's unit filter
-- (api/tickets/list.ts: exists a dispatch of the unit's subtree) reads every dispatch the subtree ever had;
-- bounded by `d.dispatched_at >= <from>` (a dispatch is never older than its ticket, so the results are the
-- same) it becomes an index-only range: 125 ms → 6 ms at 1M tickets, and flat as history grows.
-- Custom SQL: keep it when squashing migrations.
CREATE INDEX IF NOT EXISTS "dispatches_unit_dispatched_idx" ON "dispatches" USING btree ("unit_id", "dispatched_at")
  INCLUDE ("ticket_id");
