CREATE TABLE "scan_rollups" (
	"name" text PRIMARY KEY NOT NULL,
	"through" date NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stamp_month_counts" (
	"month" date NOT NULL,
	"product_id" integer NOT NULL,
	"scans" integer NOT NULL,
	"activated" integer NOT NULL,
	CONSTRAINT "stamp_month_counts_month_product_id_pk" PRIMARY KEY("month","product_id")
);
--> statement-breakpoint
CREATE TABLE "stamp_scan_days" (
	"day" date NOT NULL,
	"product_id" integer NOT NULL,
	"country" text,
	"region" text,
	"scans" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stamp_scan_days_day_idx" ON "stamp_scan_days" USING btree ("day","product_id");--> statement-breakpoint
CREATE INDEX "stamps_activated_idx" ON "stamps" USING btree ("activated_at") WHERE "stamps"."activated_at" is not null;