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
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_appeals" ADD CONSTRAINT "result_appeals_rescore_round_dossier_id_round_dossiers_id_fk" FOREIGN KEY ("rescore_round_dossier_id") REFERENCES "public"."round_dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "result_appeals_rd_uq" ON "result_appeals" USING btree ("round_dossier_id");--> statement-breakpoint
CREATE INDEX "result_appeals_dossier_idx" ON "result_appeals" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "result_appeals_state_idx" ON "result_appeals" USING btree ("state");