-- Cube rows are updated in place all day: room on each page keeps the updates HOT.
ALTER TABLE kpi_cubes SET (fillfactor = 70);
