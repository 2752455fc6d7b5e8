-- Indexes for operations (services/opsStats.ts, /metrics). Custom SQL: keep it when squashing migrations.
-- "Messages handed to the provider in the last hour" must stay an index range scan when the messages table
-- holds years of deliveries (tens of millions of rows); a count by status over the whole table would not.
CREATE INDEX IF NOT EXISTS "messages_out_sent_at_idx" ON "messages" USING btree ("sent_at")
  WHERE "direction" = 'out' AND "sent_at" IS NOT NULL;
