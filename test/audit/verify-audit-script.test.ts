import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { writeAudit } from "../../src/modules/audit/service.js";
import { auditLog } from "../../src/modules/audit/schema.js";

const ROOT = join(import.meta.dirname, "../..");

function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, "node_modules/.bin/tsx"), ["scripts/verify-audit.ts"], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

// The script opens the database itself, so it needs one that outlives a connection: a PGlite folder, or a
// database of its own on the server when DATABASE_URL is set.
describe("npm run audit:verify", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ocop-verify-"));
  const serverUrl = testConfig().databaseUrl;
  let url = "";
  let dropServerDb = async () => {};
  const open = async (): Promise<Database> => openDatabase(url ? { url, maxConnections: 1 } : { dataDir });

  beforeAll(async () => {
    if (serverUrl) {
      const name = `ocop_t_${randomBytes(6).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      url = u.toString();
      dropServerDb = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    }
    const database = await open();
    await database.migrate();
    for (let i = 0; i < 3; i++) {
      await database.db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test", subjectType: "x", subjectId: i, after: { i } }, new Date(Date.UTC(2026, 0, 1, 0, i))));
    }
    await database.close();
  });
  afterAll(async () => {
    await dropServerDb();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: "silent", DEMO_SEED: "off" });

  it("prints the report as JSON and a sentence, and exits 0 for an intact chain", async () => {
    const r = await runScript(env());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, records: 3, headSeq: 3 });
    expect(r.stderr).toContain("audit chain intact: 3 records");
  });

  it("exits 1 and names the record when the chain is broken", async () => {
    const database = await open();
    await database.db.execute(sql`alter table audit_log disable trigger user`);
    await database.db.update(auditLog).set({ after: { i: 42 } }).where(eq(auditLog.seq, 2));
    await database.db.execute(sql`alter table audit_log enable trigger user`);
    await database.close();
    const r = await runScript(env());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, brokenAt: 2, records: 1 });
    expect(r.stderr).toContain("AUDIT CHAIN BROKEN at record 2");
  });
});
