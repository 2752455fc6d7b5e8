-- The event log is append-only: KPIs and published periods are computed from it, so nothing may rewrite it.
CREATE OR REPLACE FUNCTION huiyin_reject_event_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION huiyin_reject_event_change();
