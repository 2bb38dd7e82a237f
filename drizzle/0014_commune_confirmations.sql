CREATE TABLE "commune_confirmations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commune_confirmations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"certificate_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"document_number" text NOT NULL,
	"confirmed_on" date NOT NULL,
	"statement" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commune_confirmations" ADD CONSTRAINT "commune_confirmations_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commune_confirmations" ADD CONSTRAINT "commune_confirmations_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commune_confirmations_cert_idx" ON "commune_confirmations" USING btree ("certificate_id");--> statement-breakpoint
-- A confirmation is the evidence a revocation on ground đ cites: appended, never rewritten or removed.
CREATE OR REPLACE FUNCTION commune_confirmations_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'commune_confirmations is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER commune_confirmations_append_only BEFORE UPDATE OR DELETE ON commune_confirmations
  FOR EACH ROW EXECUTE FUNCTION commune_confirmations_forbid_change();
