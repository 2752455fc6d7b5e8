CREATE TABLE "followup_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"channel" "message_channel" NOT NULL,
	"name" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"confidential_body" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revisit_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"revisit_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"result" text NOT NULL,
	"comment" text,
	"actor_id" integer,
	"message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revisits" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"dispatch_id" integer,
	"round" integer DEFAULT 1 NOT NULL,
	"method" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"comment" text,
	"due_at" timestamp with time zone NOT NULL,
	"sms_window_ends_at" timestamp with time zone,
	"sms_message_id" bigint,
	"phone_queued_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"clock_id" integer,
	"assigned_to_id" integer,
	"recorded_by_id" integer,
	"recorded_at" timestamp with time zone,
	"recorded_via" text,
	"ruling" text,
	"ruled_by_id" integer,
	"ruled_at" timestamp with time zone,
	"rule_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_archives" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"archived_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text
);
--> statement-breakpoint
CREATE TABLE "window_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"window_report_id" integer,
	"ticket_id" integer,
	"contact_id" integer,
	"hall" text NOT NULL,
	"window_name" text,
	"matter" text,
	"unit_id" integer,
	"rating" text NOT NULL,
	"comment" text,
	"bad" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"revisit_due_at" timestamp with time zone,
	"revisited_at" timestamp with time zone,
	"revisited_by_id" integer,
	"revisit_note" text,
	"fix_due_at" timestamp with time zone,
	"fixed_at" timestamp with time zone,
	"fixed_by_id" integer,
	"fix_note" text,
	"created_by_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_code_channel_uq" ON "message_templates" USING btree ("code","channel");--> statement-breakpoint
CREATE INDEX "revisit_attempts_revisit_idx" ON "revisit_attempts" USING btree ("revisit_id","id");--> statement-breakpoint
CREATE INDEX "revisits_ticket_idx" ON "revisits" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "revisits_open_uq" ON "revisits" USING btree ("ticket_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "revisits_queue_idx" ON "revisits" USING btree ("status","method","next_attempt_at");--> statement-breakpoint
CREATE INDEX "ticket_archives_at_idx" ON "ticket_archives" USING btree ("archived_at");--> statement-breakpoint
CREATE INDEX "window_reviews_status_idx" ON "window_reviews" USING btree ("bad","status","reviewed_at");