ALTER TABLE "producers" ADD COLUMN "representative_name" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "representative_gender" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "representative_ethnicity" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "registration_number" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "registration_date" date;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "public_contacts" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "producers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "producers_tax_code_uq" ON "producers" USING btree ("tax_code");