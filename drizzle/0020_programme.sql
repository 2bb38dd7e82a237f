CREATE TABLE "programme_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programme_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"topic" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"organiser" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "programme_events_dates_ck" CHECK ("programme_events"."ends_on" >= "programme_events"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "programme_indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programme_indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"rule" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"target_min" integer,
	"target_max" integer,
	CONSTRAINT "programme_indicators_target_ck" CHECK ("programme_indicators"."target_min" is null or "programme_indicators"."target_min" >= 0)
);
--> statement-breakpoint
CREATE TABLE "programme_participants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programme_participants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"user_id" text,
	"producer_id" integer,
	"attendee_name" text,
	"added_by" text,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "programme_participants_one_ck" CHECK (("programme_participants"."user_id" is null) <> ("programme_participants"."producer_id" is null))
);
--> statement-breakpoint
CREATE TABLE "programme_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programme_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"number" text NOT NULL,
	"issued_on" date NOT NULL,
	"title" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "programme_plans_year_ck" CHECK ("programme_plans"."year" between 2000 and 2100)
);
--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_indicators" ADD CONSTRAINT "programme_indicators_plan_id_programme_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."programme_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_participants" ADD CONSTRAINT "programme_participants_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_participants" ADD CONSTRAINT "programme_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_participants" ADD CONSTRAINT "programme_participants_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_participants" ADD CONSTRAINT "programme_participants_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_plans" ADD CONSTRAINT "programme_plans_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_plans" ADD CONSTRAINT "programme_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "programme_events_unit_idx" ON "programme_events" USING btree ("unit_id","starts_on");--> statement-breakpoint
CREATE INDEX "programme_indicators_plan_idx" ON "programme_indicators" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_participants_user_uq" ON "programme_participants" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_participants_producer_uq" ON "programme_participants" USING btree ("event_id","producer_id");--> statement-breakpoint
CREATE INDEX "programme_participants_user_idx" ON "programme_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "programme_participants_producer_idx" ON "programme_participants" USING btree ("producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_plans_unit_year_uq" ON "programme_plans" USING btree ("unit_id","year");