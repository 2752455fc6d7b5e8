CREATE TABLE "calendar_days" (
	"id" serial PRIMARY KEY NOT NULL,
	"calendar_id" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendars" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"weekly" jsonb NOT NULL,
	"workday_intervals" jsonb,
	"observe_holidays" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendars_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "dispatch_extensions" (
	"id" serial PRIMARY KEY NOT NULL,
	"dispatch_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"reason" text NOT NULL,
	"requested_due_at" timestamp with time zone NOT NULL,
	"old_due_at" timestamp with time zone,
	"approved_due_at" timestamp with time zone,
	"requested_by_id" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"dispatch_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"result" text NOT NULL,
	"public_text" text NOT NULL,
	"internal_notes" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by_id" integer,
	"submitted_at" timestamp with time zone NOT NULL,
	"review_status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by_id" integer,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_returns" (
	"id" serial PRIMARY KEY NOT NULL,
	"dispatch_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text NOT NULL,
	"requested_by_id" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"new_unit_id" integer,
	"new_dispatch_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_urgings" (
	"id" serial PRIMARY KEY NOT NULL,
	"dispatch_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"message" text NOT NULL,
	"by_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_case_tickets" (
	"case_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	CONSTRAINT "supervision_case_tickets_case_id_ticket_id_pk" PRIMARY KEY("case_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"unit_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalated_to" text,
	"created_by_id" integer,
	"closed_by_id" integer,
	"closed_at" timestamp with time zone,
	"result_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clock_segments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"clock_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"reason" text,
	"old_due_at" timestamp with time zone,
	"new_due_at" timestamp with time zone,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"dispatch_id" integer,
	"unit_id" integer,
	"kind" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"policy_id" integer,
	"limit_source" text NOT NULL,
	"limit" jsonb NOT NULL,
	"warn_percent" integer,
	"calendar_id" integer,
	"calendar_version" integer,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"stop_reason" text,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"ticket_type" "ticket_type",
	"priority" "priority",
	"category_id" integer,
	"limits" jsonb NOT NULL,
	"warn_percent" integer,
	"warn_kinds" jsonb DEFAULT '["handle"]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_recompute_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"scope_id" integer,
	"reason" text NOT NULL,
	"requested_by_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"moved" integer DEFAULT 0 NOT NULL,
	"cursor" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_timer_firings" (
	"clock_id" integer NOT NULL,
	"event" text NOT NULL,
	"target_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"lag_ms" integer DEFAULT 0 NOT NULL,
	"via" text DEFAULT 'job' NOT NULL,
	CONSTRAINT "sla_timer_firings_clock_id_event_target_at_pk" PRIMARY KEY("clock_id","event","target_at")
);
--> statement-breakpoint
CREATE TABLE "auto_dispatch_log" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"rule_id" integer,
	"dispatch_id" integer,
	"outcome" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auto_dispatch_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unit_id" integer,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"instructions" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"jurisdiction_id" integer,
	"unit_id" integer NOT NULL,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"effective_to" timestamp with time zone,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"dispatch_id" integer,
	"suggested_category_id" integer,
	"suggested_unit_id" integer,
	"confidence" double precision,
	"chosen_category_id" integer,
	"chosen_unit_id" integer NOT NULL,
	"jurisdiction_id" integer,
	"accepted" boolean NOT NULL,
	"source" text DEFAULT 'dispatch' NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_pair_counts" (
	"category_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"weight" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "routing_pair_counts_category_id_jurisdiction_id_unit_id_pk" PRIMARY KEY("category_id","jurisdiction_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "routing_weights" (
	"kind" text NOT NULL,
	"token" text NOT NULL,
	"target_id" integer NOT NULL,
	"weight" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "routing_weights_kind_token_target_id_pk" PRIMARY KEY("kind","token","target_id")
);
--> statement-breakpoint
CREATE TABLE "call_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"direction" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text,
	"phone" text,
	"contact_id" integer,
	"queue" text,
	"answering_number" text,
	"agent_id" integer,
	"status" text NOT NULL,
	"offered_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"wait_seconds" integer,
	"talk_seconds" integer,
	"cause" text,
	"recording_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_callId_unique" UNIQUE("call_id")
);
--> statement-breakpoint
CREATE TABLE "cluster_members" (
	"cluster_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cluster_members_cluster_id_ticket_id_pk" PRIMARY KEY("cluster_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"title" text NOT NULL,
	"category_id" integer,
	"place" text,
	"lead_ticket_id" integer,
	"proposed_by_id" integer,
	"decided_at" timestamp with time zone,
	"decided_by_id" integer,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"answer" text NOT NULL,
	"keywords" text,
	"category_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"use_count" integer DEFAULT 0 NOT NULL,
	"created_by_id" integer,
	"updated_by_id" integer,
	"search_text" text DEFAULT '' NOT NULL,
	"search_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"ticket_id" integer,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "missed_calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"phone" text,
	"from_number" text NOT NULL,
	"contact_id" integer,
	"queue" text,
	"missed_at" timestamp with time zone NOT NULL,
	"wait_seconds" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"cleared_at" timestamp with time zone,
	"cleared_by_id" integer,
	"cleared_by_call_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "missed_calls_callId_unique" UNIQUE("call_id")
);
--> statement-breakpoint
CREATE TABLE "window_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"clerk_id" integer,
	"hall" text NOT NULL,
	"window" text NOT NULL,
	"service_item" text NOT NULL,
	"department_id" integer,
	"department_name" text,
	"reason" text NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"review_status" text DEFAULT 'pending' NOT NULL,
	"review_outcome" text,
	"review_note" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "window_reports_ticketId_unique" UNIQUE("ticket_id")
);
--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "extension_status" text;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "from_dispatch_id" integer;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "calendar_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_days_uq" ON "calendar_days" USING btree ("calendar_id","date");--> statement-breakpoint
CREATE INDEX "calendar_days_date_idx" ON "calendar_days" USING btree ("date");--> statement-breakpoint
CREATE INDEX "dispatch_extensions_status_idx" ON "dispatch_extensions" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "dispatch_extensions_dispatch_idx" ON "dispatch_extensions" USING btree ("dispatch_id");--> statement-breakpoint
CREATE INDEX "dispatch_replies_dispatch_idx" ON "dispatch_replies" USING btree ("dispatch_id","id");--> statement-breakpoint
CREATE INDEX "dispatch_replies_review_idx" ON "dispatch_replies" USING btree ("review_status","submitted_at");--> statement-breakpoint
CREATE INDEX "dispatch_returns_status_idx" ON "dispatch_returns" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "dispatch_returns_ticket_idx" ON "dispatch_returns" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "dispatch_returns_dispatch_idx" ON "dispatch_returns" USING btree ("dispatch_id");--> statement-breakpoint
CREATE INDEX "dispatch_urgings_dispatch_idx" ON "dispatch_urgings" USING btree ("dispatch_id");--> statement-breakpoint
CREATE INDEX "dispatch_urgings_unit_idx" ON "dispatch_urgings" USING btree ("unit_id","at");--> statement-breakpoint
CREATE INDEX "supervision_case_tickets_ticket_idx" ON "supervision_case_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "supervision_cases_status_idx" ON "supervision_cases" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "supervision_cases_unit_idx" ON "supervision_cases" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "sla_clock_segments_clock_idx" ON "sla_clock_segments" USING btree ("clock_id","id");--> statement-breakpoint
CREATE INDEX "sla_clocks_ticket_idx" ON "sla_clocks" USING btree ("ticket_id","kind");--> statement-breakpoint
CREATE INDEX "sla_clocks_dispatch_idx" ON "sla_clocks" USING btree ("dispatch_id","kind");--> statement-breakpoint
CREATE INDEX "sla_clocks_due_idx" ON "sla_clocks" USING btree ("due_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "sla_clocks_warn_idx" ON "sla_clocks" USING btree ("warn_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "sla_clocks_open_idx" ON "sla_clocks" USING btree ("id") WHERE status <> 'stopped';--> statement-breakpoint
CREATE INDEX "sla_clocks_calendar_idx" ON "sla_clocks" USING btree ("calendar_id") WHERE status <> 'stopped';--> statement-breakpoint
CREATE UNIQUE INDEX "sla_clocks_one_open_uq" ON "sla_clocks" USING btree ("ticket_id",coalesce(dispatch_id, 0),"kind") WHERE status <> 'stopped';--> statement-breakpoint
CREATE INDEX "sla_policies_position_idx" ON "sla_policies" USING btree ("position");--> statement-breakpoint
CREATE INDEX "auto_dispatch_rules_order_idx" ON "auto_dispatch_rules" USING btree ("active","sort_order");--> statement-breakpoint
CREATE INDEX "catalogue_entries_lookup_idx" ON "catalogue_entries" USING btree ("category_id","jurisdiction_id","effective_from");--> statement-breakpoint
CREATE INDEX "routing_feedback_ticket_idx" ON "routing_feedback" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "routing_feedback_pair_idx" ON "routing_feedback" USING btree ("chosen_category_id","jurisdiction_id");--> statement-breakpoint
CREATE INDEX "routing_weights_target_idx" ON "routing_weights" USING btree ("kind","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_call_event_uq" ON "call_events" USING btree ("call_id","event");--> statement-breakpoint
CREATE INDEX "calls_offered_idx" ON "calls" USING btree ("offered_at");--> statement-breakpoint
CREATE INDEX "calls_phone_idx" ON "calls" USING btree ("phone","offered_at");--> statement-breakpoint
CREATE INDEX "calls_agent_idx" ON "calls" USING btree ("agent_id","offered_at");--> statement-breakpoint
CREATE INDEX "calls_status_idx" ON "calls" USING btree ("status","offered_at");--> statement-breakpoint
CREATE INDEX "cluster_members_ticket_idx" ON "cluster_members" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "clusters_status_idx" ON "clusters" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "kb_entries_search_idx" ON "kb_entries" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "kb_entries_category_idx" ON "kb_entries" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "message_attachments_message_idx" ON "message_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "message_attachments_ticket_idx" ON "message_attachments" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "missed_calls_status_idx" ON "missed_calls" USING btree ("status","missed_at");--> statement-breakpoint
CREATE INDEX "missed_calls_phone_idx" ON "missed_calls" USING btree ("phone","status");--> statement-breakpoint
CREATE INDEX "window_reports_review_idx" ON "window_reports" USING btree ("review_status","created_at");--> statement-breakpoint
CREATE INDEX "window_reports_clerk_idx" ON "window_reports" USING btree ("clerk_id","created_at");--> statement-breakpoint
CREATE INDEX "dispatches_status_due_idx" ON "dispatches" USING btree ("status","handle_due_at");--> statement-breakpoint
CREATE INDEX "dispatches_status_sign_due_idx" ON "dispatches" USING btree ("status","sign_due_at");