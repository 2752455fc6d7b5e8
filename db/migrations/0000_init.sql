CREATE TYPE "public"."channel" AS ENUM('phone', 'sms', 'web', 'email', 'window');--> statement-breakpoint
CREATE TYPE "public"."dispatch_role" AS ENUM('lead', 'co');--> statement-breakpoint
CREATE TYPE "public"."message_channel" AS ENUM('sms', 'email');--> statement-breakpoint
CREATE TYPE "public"."priority" AS ENUM('normal', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."ticket_type" AS ENUM('consultation', 'help', 'complaint', 'report', 'suggestion', 'praise');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('centre', 'department', 'district', 'street', 'community');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('agent', 'dispatcher', 'supervisor', 'unit_staff', 'window_clerk', 'admin');--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"path" text DEFAULT '/' NOT NULL,
	"is_leaf" boolean DEFAULT true NOT NULL,
	"default_type" "ticket_type",
	"handle_days" integer,
	"sign_hours" integer,
	"keywords" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"phone" text,
	"email" text,
	"name" text,
	"sms_opt_out" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_phone_unique" UNIQUE("phone"),
	CONSTRAINT "contacts_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"role" "dispatch_role" DEFAULT 'lead' NOT NULL,
	"status" text DEFAULT 'dispatched' NOT NULL,
	"dispatched_by_id" integer,
	"dispatched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"instructions" text,
	"signed_at" timestamp with time zone,
	"signed_by_id" integer,
	"deemed_signed" boolean DEFAULT false NOT NULL,
	"sign_due_at" timestamp with time zone,
	"handle_due_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" integer,
	"contact_id" integer,
	"channel" "message_channel" NOT NULL,
	"direction" text NOT NULL,
	"to_addr" text NOT NULL,
	"from_addr" text,
	"subject" text,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"template" text,
	"provider_id" text,
	"idempotency_key" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"not_before" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"dispatch_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_kind" text DEFAULT 'user' NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"unit_id" integer,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_no" text NOT NULL,
	"channel" "channel" NOT NULL,
	"type" "ticket_type" NOT NULL,
	"priority" "priority" DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"close_reason" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"address" text,
	"category_id" integer,
	"contact_id" integer,
	"confidential" boolean DEFAULT false NOT NULL,
	"query_code" text NOT NULL,
	"district_id" integer,
	"created_by_id" integer,
	"call_id" text,
	"source_key" text,
	"repeat_of_id" integer,
	"cluster_id" integer,
	"due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_ticketNo_unique" UNIQUE("ticket_no")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "unit_kind" NOT NULL,
	"parent_id" integer,
	"path" text DEFAULT '/' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"phone" text,
	"leader_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"unit_id" integer,
	"extension" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "dispatches_ticket_idx" ON "dispatches" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "dispatches_unit_status_idx" ON "dispatches" USING btree ("unit_id","status","handle_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_uq" ON "messages" USING btree ("channel","direction","provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idem_uq" ON "messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "messages_ticket_idx" ON "messages" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "messages_status_idx" ON "messages" USING btree ("direction","status","not_before");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "ticket_events_at_idx" ON "ticket_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "ticket_events_action_at_idx" ON "ticket_events" USING btree ("action","at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_key_uq" ON "tickets" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "tickets_status_created_idx" ON "tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_contact_idx" ON "tickets" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_category_idx" ON "tickets" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "tickets_created_by_idx" ON "tickets" USING btree ("created_by_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "units_parent_idx" ON "units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "units_path_idx" ON "units" USING btree ("path");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" USING btree ("unit_id");