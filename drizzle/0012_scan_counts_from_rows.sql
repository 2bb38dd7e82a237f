ALTER TABLE "stamps" DROP COLUMN "scan_count";--> statement-breakpoint
ALTER TABLE "stamps" DROP COLUMN "unique_scans";--> statement-breakpoint
ALTER TABLE "stamps" DROP COLUMN "first_scan_at";--> statement-breakpoint
ALTER TABLE "stamps" DROP COLUMN "last_scan_at";