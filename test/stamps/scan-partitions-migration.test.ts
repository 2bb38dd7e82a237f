import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { MIGRATIONS_FOLDER } from "../../src/db/migrations-folder.js";
import { monthOf, monthsAhead, partitionName } from "../../src/domain/scan-partitions.js";
import { rowsOf } from "../../src/modules/stamps/services/bulk-insert.js";

/*
 * drizzle/0017_scans_by_month.sql on a database that already holds scans: the database is migrated up to 0016
 * (a copy of the migrations without the newer ones), given scans in three months, then migrated to the end.
 * The rows must all be there with their ids, each in its month's partition, and the sequence must carry on.
 */

const BEFORE = "0017_scans_by_month";
let database: Database;
let drop: () => Promise<void> = async () => {};
let folder = "";

async function migrateFrom(dir: string) {
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: dir });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: dir });
  }
}

beforeAll(async () => {
  const config = testConfig();
  if (!config.databaseUrl) {
    database = await openDatabase({});
    drop = () => database.close();
  } else {
    const name = `ocop_t_${randomBytes(6).toString("hex")}`;
    const admin = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(config.databaseUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), maxConnections: 2 });
    drop = async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  // The migrations as they were before this one.
  folder = mkdtempSync(join(tmpdir(), "ocop-mig-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === BEFORE);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
});
afterAll(async () => {
  await drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(q));

describe("the migration to month partitions", () => {
  it("keeps every scan with its id, puts each in its month's partition, and the ids carry on", async () => {
    await migrateFrom(folder);
    const db = database.db;
    await db.execute(sql`insert into stamp_scans (stamp_id, at, verdict, times) values
      (7, '2025-11-03T10:00:00Z', 'genuine_first', 1), (7, '2025-11-30T23:59:59.999Z', 'genuine_seen', 1),
      (8, '2026-01-31T23:59:59Z', 'genuine_seen', 3), (8, '2026-02-01T00:00:00Z', 'genuine_seen', 1)`);
    const before = await rows<{ id: string; at: string }>(sql`select id::text as id, at from stamp_scans order by id`);
    expect(before).toHaveLength(4);

    await migrateFrom(MIGRATIONS_FOLDER);

    const after = await rows<{ id: string; at: string; part: string; times: number }>(sql`select id::text as id, at, tableoid::regclass::text as part, times from stamp_scans order by id`);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after.map((r) => r.part)).toEqual(["stamp_scans_2025_11", "stamp_scans_2025_11", "stamp_scans_2026_01", "stamp_scans_2026_02"]);
    expect(after.map((r) => Number(r.times))).toEqual([1, 1, 3, 1]);

    const [kind] = await rows<{ k: string }>(sql`select relkind::text as k from pg_class where oid = 'stamp_scans'::regclass`);
    expect(kind!.k).toBe("p");
    const parts = (await rows<{ name: string }>(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'stamp_scans'::regclass`)).map((r) => r.name);
    // Every month with rows, the current month and the 2 after it (the migration runs on the real clock), the default.
    const expected = new Set(["stamp_scans_2025_11", "stamp_scans_2026_01", "stamp_scans_2026_02", ...monthsAhead(new Date()).map(partitionName), "stamp_scans_default"]);
    expect(new Set(parts)).toEqual(expected);
    expect(parts).not.toContain(partitionName("2025-12")); // no rows there: made when a scan needs it

    const indexes = (await rows<{ name: string }>(sql`select indexrelid::regclass::text as name from pg_index where indrelid = 'stamp_scans'::regclass order by 1`)).map((r) => r.name);
    expect(indexes).toEqual(["stamp_scans_at_brin", "stamp_scans_id_at_pk", "stamp_scans_stamp_idx"]);
    expect(await rows(sql`select 1 from pg_class where relname = 'stamp_scans_unpartitioned'`)).toHaveLength(0);

    const [next] = await rows<{ id: string; part: string }>(sql`insert into stamp_scans (stamp_id, at, verdict) values (9, now(), 'genuine_first') returning id::text as id, tableoid::regclass::text as part`);
    expect(BigInt(next!.id)).toBeGreaterThan(BigInt(before[3]!.id));
    expect(next!.part).toBe(partitionName(monthOf(new Date())));
  });
});
