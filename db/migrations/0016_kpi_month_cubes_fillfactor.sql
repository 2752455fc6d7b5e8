-- Monthly cube rows are updated in place all month: room on each page keeps the updates HOT.
ALTER TABLE kpi_month_cubes SET (fillfactor = 70);
