-- stamp_scans becomes a table partitioned by month (issue 14): RANGE on "at", one partition stamp_scans_YYYY_MM
-- per UTC month, so it can hold years of scans, an old month can be detached and archived, and a report bounded
-- in time reads only its months. The rule (bounds, names, months ahead) is src/domain/scan-partitions.ts; the
-- daily job makes the months ahead from then on (src/modules/stamps/services/scan-partitions.ts).
--
-- The old table is renamed, the partitioned one made with the same columns, the same identity sequence name
-- and the same indexes; its primary key is (id, at), since a partitioned table's unique keys must include the
-- partition key. Partitions are made for every month that has rows, the current month and the 2 after it
-- (MONTHS_AHEAD), and a DEFAULT partition: a scan of a month nobody made a partition for (the job not run across
-- the months ahead, a Worker-only deployment) is kept there rather than refused, and the daily job then makes
-- that month and moves its rows, so the default stays empty. The rows are copied with their ids, the sequence
-- carries on past the highest id (or the old sequence's position, if further), and the old table is dropped.
-- No foreign key, view or rule refers to stamp_scans (scans are appended without one, schema.ts), so nothing
-- else has to move.
ALTER TABLE "stamp_scans" RENAME TO "stamp_scans_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "stamp_scans_id_seq" RENAME TO "stamp_scans_unpartitioned_id_seq";--> statement-breakpoint
DROP INDEX "stamp_scans_stamp_idx";--> statement-breakpoint
DROP INDEX "stamp_scans_at_brin";--> statement-breakpoint
CREATE TABLE "stamp_scans" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "stamp_scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1000),
	"stamp_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"country" text,
	"region" text,
	"verdict" text NOT NULL,
	"repeat" boolean DEFAULT false NOT NULL,
	"times" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "stamp_scans_id_at_pk" PRIMARY KEY("id","at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE INDEX "stamp_scans_stamp_idx" ON "stamp_scans" USING btree ("stamp_id","at");--> statement-breakpoint
CREATE INDEX "stamp_scans_at_brin" ON "stamp_scans" USING brin ("at");--> statement-breakpoint
CREATE TABLE "stamp_scans_default" PARTITION OF "stamp_scans" DEFAULT;--> statement-breakpoint
DO $$
DECLARE
	m timestamp;
BEGIN
	FOR m IN
		SELECT date_trunc('month', "at" AT TIME ZONE 'UTC') FROM "stamp_scans_unpartitioned"
		UNION
		SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k) FROM generate_series(0, 2) AS k
		ORDER BY 1
	LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF "stamp_scans" FOR VALUES FROM (%L) TO (%L)',
			'stamp_scans_' || to_char(m, 'YYYY_MM'),
			to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00',
			to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
	END LOOP;
END
$$;--> statement-breakpoint
INSERT INTO "stamp_scans" ("id", "stamp_id", "at", "country", "region", "verdict", "repeat", "times") OVERRIDING SYSTEM VALUE
	SELECT "id", "stamp_id", "at", "country", "region", "verdict", "repeat", "times" FROM "stamp_scans_unpartitioned";--> statement-breakpoint
SELECT setval('"stamp_scans_id_seq"', n, true)
	FROM (SELECT greatest(
		(SELECT max("id") FROM "stamp_scans_unpartitioned"),
		(SELECT CASE WHEN is_called THEN last_value END FROM "stamp_scans_unpartitioned_id_seq")) AS n) AS x
	WHERE n IS NOT NULL;--> statement-breakpoint
DROP TABLE "stamp_scans_unpartitioned";
