CREATE TABLE "conflicts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "conflicts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_dossier_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"reason" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"waived_by" text,
	"waiver_reason" text,
	"waived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "council_members" (
	"round_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_members_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dossier_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"dossier_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_evidence" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dossier_evidence_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"dossier_id" integer NOT NULL,
	"criterion_id" text NOT NULL,
	"file_id" integer NOT NULL,
	"note" text,
	"added_by" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dossiers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"producer_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"chain" text NOT NULL,
	"criteria_set_id" integer NOT NULL,
	"rubric_version" text NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"representative_name" text NOT NULL,
	"representative_position" text NOT NULL,
	"phone" text NOT NULL,
	"email" text,
	"sample_count" integer DEFAULT 5 NOT NULL,
	"changes" text,
	"self_choices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"self_notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"self_total_tenths" integer DEFAULT 0 NOT NULL,
	"commune_review" jsonb,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"awaiting_level" text,
	"last_reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_set_ck" CHECK ("dossiers"."criteria_set_id" between 1 and 26),
	CONSTRAINT "dossiers_samples_ck" CHECK ("dossiers"."sample_count" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"rubric_version" text NOT NULL,
	"quorum_numerator" integer DEFAULT 3 NOT NULL,
	"quorum_denominator" integer DEFAULT 4 NOT NULL,
	"divergence_limit_tenths" integer DEFAULT 100 NOT NULL,
	"band_edge_tenths" integer DEFAULT 10 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_rounds_dates_ck" CHECK ("evaluation_rounds"."closes_on" >= "evaluation_rounds"."opens_on"),
	CONSTRAINT "evaluation_rounds_quorum_ck" CHECK ("evaluation_rounds"."quorum_numerator" >= 1 and "evaluation_rounds"."quorum_numerator" <= "evaluation_rounds"."quorum_denominator")
);
--> statement-breakpoint
CREATE TABLE "round_dossiers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "round_dossiers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"dossier_id" integer NOT NULL,
	"forwarded_from" integer,
	"discussion_note" text,
	"discussion_at" timestamp with time zone,
	"chair_note" text,
	"chair_note_at" timestamp with time zone,
	"finalised_at" timestamp with time zone,
	"assigned_by" text,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_results" (
	"round_dossier_id" integer PRIMARY KEY NOT NULL,
	"official_score" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"stars" integer,
	"certifiable" text NOT NULL,
	"forward_to" text,
	"forwarded_round_dossier_id" integer,
	"audit_seq" integer NOT NULL,
	"audit_hash" text NOT NULL,
	"finalised_by" text NOT NULL,
	"finalised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_sheet_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "score_sheet_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sheet_id" integer NOT NULL,
	"version" integer NOT NULL,
	"choices" jsonb NOT NULL,
	"notes" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"total_tenths" integer NOT NULL,
	"submitted_at" timestamp with time zone,
	"reopened_by" text NOT NULL,
	"reopen_reason" text NOT NULL,
	"reopened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_sheets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "score_sheets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_dossier_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"choices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_tenths" integer DEFAULT 0 NOT NULL,
	"part_a_tenths" integer DEFAULT 0 NOT NULL,
	"part_b_tenths" integer DEFAULT 0 NOT NULL,
	"part_c_tenths" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_sheets_total_ck" CHECK ("score_sheets"."total_tenths" between 0 and 1000)
);
--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_waived_by_users_id_fk" FOREIGN KEY ("waived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD CONSTRAINT "dossier_evidence_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD CONSTRAINT "dossier_evidence_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheet_history" ADD CONSTRAINT "score_sheet_history_sheet_id_score_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."score_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conflicts_uq" ON "conflicts" USING btree ("round_dossier_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_members_one_chair_uq" ON "council_members" USING btree ("round_id") WHERE "council_members"."role" = 'chair';--> statement-breakpoint
CREATE INDEX "dossier_events_dossier_idx" ON "dossier_events" USING btree ("dossier_id","id");--> statement-breakpoint
CREATE INDEX "dossier_evidence_dossier_idx" ON "dossier_evidence" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossiers_product_idx" ON "dossiers" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "dossiers_commune_state_idx" ON "dossiers" USING btree ("commune_id","state");--> statement-breakpoint
CREATE INDEX "dossiers_producer_idx" ON "dossiers" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "evaluation_rounds_unit_idx" ON "evaluation_rounds" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "round_dossiers_uq" ON "round_dossiers" USING btree ("round_id","dossier_id");--> statement-breakpoint
CREATE INDEX "round_dossiers_dossier_idx" ON "round_dossiers" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "score_sheet_history_sheet_idx" ON "score_sheet_history" USING btree ("sheet_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "score_sheets_uq" ON "score_sheets" USING btree ("round_dossier_id","user_id");