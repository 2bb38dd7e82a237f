DROP INDEX "stamp_scans_at_idx";--> statement-breakpoint
ALTER TABLE "stamp_scans" ALTER COLUMN "id" SET CACHE 1000;--> statement-breakpoint
CREATE INDEX "stamp_scans_at_brin" ON "stamp_scans" USING brin ("at");