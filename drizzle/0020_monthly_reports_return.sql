ALTER TABLE "monthly_reports" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD COLUMN "returned_at" timestamp with time zone;