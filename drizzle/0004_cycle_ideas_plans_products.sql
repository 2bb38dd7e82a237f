CREATE TABLE "stored_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stored_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cycles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"province_id" integer NOT NULL,
	"year" integer NOT NULL,
	"chain" text NOT NULL,
	"deadlines" jsonb NOT NULL,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycles_year_ck" CHECK ("cycles"."year" between 2018 and 2099)
);
--> statement-breakpoint
CREATE TABLE "idea_attachments" (
	"idea_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idea_attachments_idea_id_file_id_pk" PRIMARY KEY("idea_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "idea_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "idea_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"idea_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"reason" text,
	"form" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_ideas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_ideas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"producer_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"core_benefit" text NOT NULL,
	"raw_materials" text NOT NULL,
	"raw_material_origin" text NOT NULL,
	"packaging" text NOT NULL,
	"expected_market" text NOT NULL,
	"criteria_set_id" integer NOT NULL,
	"last_reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_ideas_set_ck" CHECK ("product_ideas"."criteria_set_id" between 1 and 26),
	CONSTRAINT "product_ideas_attempt_ck" CHECK ("product_ideas"."attempt" >= 1)
);
--> statement-breakpoint
CREATE TABLE "business_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "business_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"idea_id" integer NOT NULL,
	"cycle_id" integer NOT NULL,
	"producer_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"production" text NOT NULL,
	"raw_material_area" text NOT NULL,
	"technology" text NOT NULL,
	"packaging" text NOT NULL,
	"markets" text NOT NULL,
	"revenue_year1" bigint NOT NULL,
	"revenue_year2" bigint NOT NULL,
	"revenue_year3" bigint NOT NULL,
	"profit_year1" bigint NOT NULL,
	"profit_year2" bigint NOT NULL,
	"profit_year3" bigint NOT NULL,
	"own_capital" bigint NOT NULL,
	"loans" bigint NOT NULL,
	"other_sources" bigint NOT NULL,
	"requested_support" bigint NOT NULL,
	"estimated_state_support" bigint,
	"last_reason" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_plans_amounts_ck" CHECK ("business_plans"."own_capital" between 0 and 1000000000000000 and "business_plans"."loans" between 0 and 1000000000000000 and "business_plans"."other_sources" between 0 and 1000000000000000 and "business_plans"."requested_support" between 0 and 1000000000000000 and coalesce("business_plans"."estimated_state_support", 0) between 0 and 1000000000000000),
	CONSTRAINT "business_plans_approved_ck" CHECK (("business_plans"."state" = 'approved') = ("business_plans"."estimated_state_support" is not null and "business_plans"."approved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "plan_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"reason" text,
	"snapshot" text,
	"estimated_state_support" bigint,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"web_file_id" integer NOT NULL,
	"thumb_file_id" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"caption" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer,
	"cycle_id" integer,
	"producer_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"name" text NOT NULL,
	"criteria_set_id" integer NOT NULL,
	"code" text NOT NULL,
	"code_province" text NOT NULL,
	"code_commune" text NOT NULL,
	"code_serial" integer NOT NULL,
	"code_year" integer NOT NULL,
	"description" text,
	"responsible_user_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_set_ck" CHECK ("products"."criteria_set_id" between 1 and 26)
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_province_id_admin_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_attachments" ADD CONSTRAINT "idea_attachments_idea_id_product_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."product_ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_attachments" ADD CONSTRAINT "idea_attachments_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_events" ADD CONSTRAINT "idea_events_idea_id_product_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."product_ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ideas" ADD CONSTRAINT "product_ideas_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_idea_id_product_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."product_ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_plans" ADD CONSTRAINT "business_plans_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_events" ADD CONSTRAINT "plan_events_plan_id_business_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."business_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_photos" ADD CONSTRAINT "product_photos_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_photos" ADD CONSTRAINT "product_photos_web_file_id_stored_files_id_fk" FOREIGN KEY ("web_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_photos" ADD CONSTRAINT "product_photos_thumb_file_id_stored_files_id_fk" FOREIGN KEY ("thumb_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_plan_id_business_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."business_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_files_sha_idx" ON "stored_files" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "cycles_province_year_uq" ON "cycles" USING btree ("province_id","year");--> statement-breakpoint
CREATE INDEX "idea_events_idea_idx" ON "idea_events" USING btree ("idea_id","id");--> statement-breakpoint
CREATE INDEX "product_ideas_cycle_state_idx" ON "product_ideas" USING btree ("cycle_id","state");--> statement-breakpoint
CREATE INDEX "product_ideas_commune_idx" ON "product_ideas" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "product_ideas_producer_idx" ON "product_ideas" USING btree ("producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "business_plans_idea_uq" ON "business_plans" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "business_plans_cycle_state_idx" ON "business_plans" USING btree ("cycle_id","state");--> statement-breakpoint
CREATE INDEX "business_plans_commune_idx" ON "business_plans" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "plan_events_plan_idx" ON "plan_events" USING btree ("plan_id","id");--> statement-breakpoint
CREATE INDEX "product_photos_product_idx" ON "product_photos" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_code_uq" ON "products" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "products_serial_uq" ON "products" USING btree ("code_commune","code_year","code_serial");--> statement-breakpoint
CREATE UNIQUE INDEX "products_plan_uq" ON "products" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "products_commune_idx" ON "products" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "products_producer_idx" ON "products" USING btree ("producer_id");