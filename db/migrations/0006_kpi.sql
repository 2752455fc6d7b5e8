CREATE TABLE "kpi_calls_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"calls_offered" integer DEFAULT 0 NOT NULL,
	"calls_answered" integer DEFAULT 0 NOT NULL,
	"calls_answered_timely" integer DEFAULT 0 NOT NULL,
	"calls_missed" integer DEFAULT 0 NOT NULL,
	"wait_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_corrections" (
	"period_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"counter" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_corrections_period_id_unit_id_counter_pk" PRIMARY KEY("period_id","unit_id","counter")
);
--> statement-breakpoint
CREATE TABLE "kpi_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" bigint DEFAULT 0 NOT NULL,
	"hole_start" bigint,
	"hole_xmax" bigint,
	"hole_seen_at" timestamp with time zone,
	"safe_upto" bigint DEFAULT 0 NOT NULL,
	"events_folded" bigint DEFAULT 0 NOT NULL,
	"calls_synced_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"rebuilt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_daily" (
	"day" date NOT NULL,
	"unit_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"channel" text NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"direct_answered" integer DEFAULT 0 NOT NULL,
	"repeat_contacts" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_dispatched" integer DEFAULT 0 NOT NULL,
	"closed_revisited" integer DEFAULT 0 NOT NULL,
	"closed_rehandled" integer DEFAULT 0 NOT NULL,
	"rehandles" integer DEFAULT 0 NOT NULL,
	"revisit_reached" integer DEFAULT 0 NOT NULL,
	"revisit_satisfied" integer DEFAULT 0 NOT NULL,
	"revisit_basic" integer DEFAULT 0 NOT NULL,
	"revisit_dissatisfied" integer DEFAULT 0 NOT NULL,
	"revisit_unreachable" integer DEFAULT 0 NOT NULL,
	"dispatches" integer DEFAULT 0 NOT NULL,
	"sign_total" integer DEFAULT 0 NOT NULL,
	"sign_on_time" integer DEFAULT 0 NOT NULL,
	"deemed_signed" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"return_approved" integer DEFAULT 0 NOT NULL,
	"extension_requests" integer DEFAULT 0 NOT NULL,
	"extension_approved" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"reply_rejected" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"completed_extended" integer DEFAULT 0 NOT NULL,
	"completed_resolved" integer DEFAULT 0 NOT NULL,
	"urged" integer DEFAULT 0 NOT NULL,
	"supervised" integer DEFAULT 0 NOT NULL,
	"breaches" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_daily_day_unit_id_category_id_channel_pk" PRIMARY KEY("day","unit_id","category_id","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_dispatch_facts" (
	"dispatch_id" integer PRIMARY KEY NOT NULL,
	"facts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_monthly" (
	"month" date NOT NULL,
	"unit_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"channel" text NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"direct_answered" integer DEFAULT 0 NOT NULL,
	"repeat_contacts" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_dispatched" integer DEFAULT 0 NOT NULL,
	"closed_revisited" integer DEFAULT 0 NOT NULL,
	"closed_rehandled" integer DEFAULT 0 NOT NULL,
	"rehandles" integer DEFAULT 0 NOT NULL,
	"revisit_reached" integer DEFAULT 0 NOT NULL,
	"revisit_satisfied" integer DEFAULT 0 NOT NULL,
	"revisit_basic" integer DEFAULT 0 NOT NULL,
	"revisit_dissatisfied" integer DEFAULT 0 NOT NULL,
	"revisit_unreachable" integer DEFAULT 0 NOT NULL,
	"dispatches" integer DEFAULT 0 NOT NULL,
	"sign_total" integer DEFAULT 0 NOT NULL,
	"sign_on_time" integer DEFAULT 0 NOT NULL,
	"deemed_signed" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"return_approved" integer DEFAULT 0 NOT NULL,
	"extension_requests" integer DEFAULT 0 NOT NULL,
	"extension_approved" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"reply_rejected" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"completed_extended" integer DEFAULT 0 NOT NULL,
	"completed_resolved" integer DEFAULT 0 NOT NULL,
	"urged" integer DEFAULT 0 NOT NULL,
	"supervised" integer DEFAULT 0 NOT NULL,
	"breaches" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_monthly_month_unit_id_category_id_channel_pk" PRIMARY KEY("month","unit_id","category_id","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_period_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_id" integer NOT NULL,
	"body" text NOT NULL,
	"author_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"watermark" bigint NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by_id" integer
);
--> statement-breakpoint
CREATE TABLE "kpi_ticket_facts" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"facts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "kpi_period_notes_period_idx" ON "kpi_period_notes" USING btree ("period_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_periods_kind_key_uq" ON "kpi_periods" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "kpi_periods_days_idx" ON "kpi_periods" USING btree ("from_day");