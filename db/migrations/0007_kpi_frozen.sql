-- Published KPI periods are frozen: their figures and watermark never change once written.
CREATE OR REPLACE FUNCTION huiyin_reject_kpi_period_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'kpi_periods rows are frozen once published (% refused)', TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER kpi_periods_frozen BEFORE UPDATE OR DELETE ON kpi_periods
  FOR EACH ROW EXECUTE FUNCTION huiyin_reject_kpi_period_change();
