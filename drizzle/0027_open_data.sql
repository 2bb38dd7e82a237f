CREATE TABLE "open_data_files" (
	"day" date NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"records" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "open_data_files_day_name_pk" PRIMARY KEY("day","name")
);
--> statement-breakpoint
CREATE TABLE "open_data_manifests" (
	"day" date PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"previous_sha256" text NOT NULL,
	"audit_seq" bigint,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "open_data_manifests_sha_idx" ON "open_data_manifests" USING btree ("sha256");--> statement-breakpoint
-- Published open data is immutable: a day's files and manifest are appended once and never rewritten or removed,
-- so what a verifier downloaded and hashed stays what the registry serves for that day.
CREATE OR REPLACE FUNCTION open_data_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER open_data_files_append_only BEFORE UPDATE OR DELETE ON open_data_files
  FOR EACH ROW EXECUTE FUNCTION open_data_forbid_change();
--> statement-breakpoint
CREATE TRIGGER open_data_files_no_truncate BEFORE TRUNCATE ON open_data_files
  FOR EACH STATEMENT EXECUTE FUNCTION open_data_forbid_change();
--> statement-breakpoint
CREATE TRIGGER open_data_manifests_append_only BEFORE UPDATE OR DELETE ON open_data_manifests
  FOR EACH ROW EXECUTE FUNCTION open_data_forbid_change();
--> statement-breakpoint
CREATE TRIGGER open_data_manifests_no_truncate BEFORE TRUNCATE ON open_data_manifests
  FOR EACH STATEMENT EXECUTE FUNCTION open_data_forbid_change();
