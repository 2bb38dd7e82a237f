CREATE TABLE "result_appeals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "result_appeals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_dossier_id" integer NOT NULL,
	"dossier_id" integer NOT NULL,
	"grounds" text NOT NULL,
	"state" text DEFAULT 'filed' NOT NULL,
	"outcome" text,
	"decision_reason" text,
	"remedy" text,
	"rescore_round_dossier_id" integer,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "complaints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"certificate_id" integer NOT NULL,
	"topic" text NOT NULL,
	"what" text NOT NULL,
	"place" text,
	"photo_file_id" integer,
	"contact" text,
	"token_hash" text NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"inspection_id" integer,
	"close_reason" text,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "ground" text;--> statement-breakpoint
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_rescore_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("rescore_round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_photo_file_id_stored_files_id_fk" FOREIGN KEY ("photo_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "result_appeals_rd_uq" ON "result_appeals" USING btree ("round_dossier_id");--> statement-breakpoint
CREATE INDEX "result_appeals_dossier_idx" ON "result_appeals" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "result_appeals_state_idx" ON "result_appeals" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_token_uq" ON "complaints" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "complaints_cert_idx" ON "complaints" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "complaints_state_idx" ON "complaints" USING btree ("state");