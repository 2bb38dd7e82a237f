ALTER TABLE "stamps" DROP CONSTRAINT "stamps_batch_id_stamp_batches_id_fk";
--> statement-breakpoint
ALTER TABLE "stamps" ALTER COLUMN "id" SET CACHE 1000;