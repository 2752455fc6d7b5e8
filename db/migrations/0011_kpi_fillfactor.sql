-- Rollup rows and facts are updated in place all day: leave room on each page so updates stay HOT
-- (no index maintenance, no bloat of the primary keys).
ALTER TABLE kpi_daily SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE kpi_monthly SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE kpi_ticket_facts SET (fillfactor = 80);
--> statement-breakpoint
ALTER TABLE kpi_dispatch_facts SET (fillfactor = 80);
