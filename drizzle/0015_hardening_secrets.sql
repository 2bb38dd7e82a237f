-- Sessions are now stored by the SHA-256 of their cookie token (src/auth/lucia.ts). The rows of today hold the
-- tokens themselves, which a database read turns into live sessions: they are ended here (everyone signs in
-- again), before the check below would refuse them.
DELETE FROM "sessions";
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"kid" text NOT NULL,
	"jws" text NOT NULL,
	CONSTRAINT "audit_checkpoints_reason_ck" CHECK ("audit_checkpoints"."reason" in ('count', 'daily'))
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_id_is_hash_ck" CHECK ("sessions"."id" ~ '^[0-9a-f]{64}$');
--> statement-breakpoint
-- Checkpoints are as append-only as the log they anchor (the same refusing function as 0001).
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
--> statement-breakpoint
-- The head only moves forward, one record at a time, and always names a record of the log with its hash:
-- moving it back after cutting the tail, or pointing it at a rewritten hash, needs the trigger disabled.
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_head only moves forward (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1) THEN
    RAISE EXCEPTION 'audit_head only moves forward by one record (% to % refused)', OLD.seq, NEW.seq USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.hash IS DISTINCT FROM (SELECT l.hash FROM audit_log l WHERE l.seq = NEW.seq) THEN
    RAISE EXCEPTION 'audit_head must name a record of audit_log with its hash (seq % refused)', NEW.seq USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_head_forward_only BEFORE INSERT OR UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
--> statement-breakpoint
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
