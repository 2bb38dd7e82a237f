ALTER TABLE "dossier_evidence" ADD COLUMN "kind" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD COLUMN "valid_until" date;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD COLUMN "carried_from_id" integer;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "based_on_dossier_id" integer;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "based_on_round_dossier_id" integer;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_based_on_dossier_id_dossiers_id_fk" FOREIGN KEY ("based_on_dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_evidence" ADD CONSTRAINT "dossier_evidence_validity_ck" CHECK ("dossier_evidence"."valid_from" is null or "dossier_evidence"."valid_until" is null or "dossier_evidence"."valid_from" <= "dossier_evidence"."valid_until");