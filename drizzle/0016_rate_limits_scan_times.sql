CREATE TABLE "rate_limit_claims" (
	"limiter" text NOT NULL,
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"node" text NOT NULL,
	"hits" integer NOT NULL,
	"claimed" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_claims_limiter_key_window_start_node_pk" PRIMARY KEY("limiter","key","window_start","node")
);
--> statement-breakpoint
ALTER TABLE "stamp_scans" ADD COLUMN "times" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "rate_limit_claims_expires_idx" ON "rate_limit_claims" USING btree ("expires_at");