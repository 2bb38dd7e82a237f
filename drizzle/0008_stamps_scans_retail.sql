CREATE TABLE "retail_stock" (
	"retail_point_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "retail_stock_retail_point_id_product_id_pk" PRIMARY KEY("retail_point_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "fake_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fake_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text,
	"stamp_id" bigint,
	"product_id" integer,
	"what" text NOT NULL,
	"place" text,
	"photo_file_id" integer,
	"contact" text,
	"state" text DEFAULT 'new' NOT NULL,
	"office_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "production_lots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "production_lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"lot_number" text NOT NULL,
	"produced_on" date NOT NULL,
	"expires_on" date,
	"quantity" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stamp_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stamp_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"product_id" integer NOT NULL,
	"certificate_id" integer,
	"quantity" integer NOT NULL,
	"state" text NOT NULL,
	"requested_by" text,
	"request_note" text,
	"issued_by" text,
	"issued_at" timestamp with time zone,
	"printed_at" timestamp with time zone,
	"reject_reason" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stamp_batches_qty_ck" CHECK ("stamp_batches"."quantity" between 1 and 5000000)
);
--> statement-breakpoint
CREATE TABLE "stamp_scans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stamp_scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"stamp_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"country" text,
	"region" text,
	"verdict" text NOT NULL,
	"repeat" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stamps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stamps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"serial" text NOT NULL,
	"batch_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"lot_id" integer,
	"activated_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"scan_count" integer DEFAULT 0 NOT NULL,
	"unique_scans" integer DEFAULT 0 NOT NULL,
	"first_scan_at" timestamp with time zone,
	"last_scan_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "retail_points" ADD COLUMN "kind" text DEFAULT 'shop' NOT NULL;--> statement-breakpoint
ALTER TABLE "retail_points" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "retail_points" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "gtin" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "standards" text;--> statement-breakpoint
ALTER TABLE "retail_stock" ADD CONSTRAINT "retail_stock_retail_point_id_retail_points_id_fk" FOREIGN KEY ("retail_point_id") REFERENCES "public"."retail_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retail_stock" ADD CONSTRAINT "retail_stock_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fake_reports" ADD CONSTRAINT "fake_reports_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fake_reports" ADD CONSTRAINT "fake_reports_photo_file_id_stored_files_id_fk" FOREIGN KEY ("photo_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_lots" ADD CONSTRAINT "production_lots_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_batches" ADD CONSTRAINT "stamp_batches_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamps" ADD CONSTRAINT "stamps_batch_id_stamp_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."stamp_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamps" ADD CONSTRAINT "stamps_lot_id_production_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."production_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fake_reports_state_idx" ON "fake_reports" USING btree ("state","id");--> statement-breakpoint
CREATE UNIQUE INDEX "production_lots_uq" ON "production_lots" USING btree ("product_id","lot_number");--> statement-breakpoint
CREATE INDEX "stamp_batches_product_idx" ON "stamp_batches" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stamp_batches_idem_uq" ON "stamp_batches" USING btree ("issued_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "stamp_scans_stamp_idx" ON "stamp_scans" USING btree ("stamp_id","at");--> statement-breakpoint
CREATE INDEX "stamp_scans_at_idx" ON "stamp_scans" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "stamps_serial_uq" ON "stamps" USING btree ("serial" COLLATE "C");--> statement-breakpoint
CREATE UNIQUE INDEX "stamps_batch_seq_uq" ON "stamps" USING btree ("batch_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "products_gtin_uq" ON "products" USING btree ("gtin");