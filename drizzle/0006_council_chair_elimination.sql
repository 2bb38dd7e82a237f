ALTER TABLE "round_results" ALTER COLUMN "official_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "acting_chair_id" text;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "acting_chair_reason" text;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "elimination_rule_id" text;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "elimination_note" text;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "eliminated_by" text;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD COLUMN "eliminated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "round_dossiers" ADD CONSTRAINT "round_dossiers_acting_chair_id_users_id_fk" FOREIGN KEY ("acting_chair_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;