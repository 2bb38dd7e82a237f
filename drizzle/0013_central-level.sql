ALTER TABLE "certificates" ADD COLUMN "basis_level" text DEFAULT 'province' NOT NULL;--> statement-breakpoint
-- The certificates issued before this column rest on the result of the council that scored the round they cite.
UPDATE "certificates" SET "basis_level" = 'central' FROM "round_dossiers" rd JOIN "evaluation_rounds" er ON er."id" = rd."round_id" WHERE rd."id" = "certificates"."round_dossier_id" AND er."level" = 'central';
--> statement-breakpoint
-- The one unit standing for the whole country (QĐ 26/2026 Art. 7.4: the Ministry's office and the central
-- council). It is no province's parent: the Ministry reaches the dossiers provinces send it, not their tree.
INSERT INTO "admin_units" ("code", "name", "kind", "level", "parent_id", "valid_from", "valid_to", "path", "source")
SELECT 'VN', 'Việt Nam', 'quốc gia', 'country', NULL, '1976-07-02', NULL, '', 'QĐ 26/2026/QĐ-TTg Điều 7.4 (cấp trung ương)'
WHERE NOT EXISTS (SELECT 1 FROM "admin_units" WHERE "level" = 'country');
--> statement-breakpoint
UPDATE "admin_units" SET "path" = "id"::text WHERE "level" = 'country' AND "path" = '';
