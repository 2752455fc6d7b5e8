CREATE TABLE "info_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"dispatch_id" integer,
	"question" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"requested_by_id" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer_text" text,
	"answer_message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "info_requests_ticket_idx" ON "info_requests" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "info_requests_open_uq" ON "info_requests" USING btree ("ticket_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "info_requests_due_idx" ON "info_requests" USING btree ("due_at") WHERE status = 'open';