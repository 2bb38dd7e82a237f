import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { CHECKPOINT_EVERY, useAuditSigningKey } from "../../src/modules/audit/runtime/signing.js";
import { GENESIS_HASH, hashRecord, writeAudit } from "../../src/modules/audit/service.js";
import { auditHead, auditLog } from "../../src/modules/audit/schema.js";

const ROOT = join(import.meta.dirname, "../..");

const runScript = (env: Record<string, string>) => runScriptArgs(env, []);

function runScriptArgs(env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, "node_modules/.bin/tsx"), ["scripts/verify-audit.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
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
    // The records are signed with the test key, which the script is given through AUDIT_SIGNING_KEY.
    useAuditSigningKey(testConfig().auditSigningKey);
    for (let i = 0; i < CHECKPOINT_EVERY + 3; i++) {
      await database.db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test", subjectType: "x", subjectId: i, after: { i } }, new Date(Date.UTC(2026, 0, 1, 0, i))));
    }
    await database.close();
  });
  afterAll(async () => {
    await dropServerDb();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: "silent", DEMO_SEED: "off", AUDIT_SIGNING_KEY: testConfig().auditSigningKey! });
  const n = CHECKPOINT_EVERY + 3;

  it("prints the report as JSON and a sentence, and exits 0 for an intact chain", async () => {
    const r = await runScript(env());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, records: n, headSeq: n, checkpoints: 1, lastCheckpoint: { seq: CHECKPOINT_EVERY } });
    expect(r.stderr).toContain(`audit chain intact: ${n} records`);
  });

  it("checks against a published public key instead of the configured one", async () => {
    // What /.well-known/audit-key serves (test/hardening/audit-anchor.test.ts fetches it from the app).
    const jwk = JSON.stringify(useAuditSigningKey(testConfig().auditSigningKey).publicJwk);
    const file = join(dataDir, "published.jwk");
    writeFileSync(file, jwk);
    const { AUDIT_SIGNING_KEY: _none, ...noSecret } = env();
    const r = await runScriptArgs(noSecret, ["--public-key", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, keyId: JSON.parse(jwk).kid });
  });

  it("refuses checkpoints under any other published key (an attacker's own)", async () => {
    const file = join(dataDir, "other.jwk");
    const { AUDIT_SIGNING_KEY: _none, ...noSecret } = env();
    const { generateKeyPairSync } = await import("node:crypto");
    writeFileSync(file, JSON.stringify(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" })));
    const wrong = await runScriptArgs(noSecret, ["--public-key", file]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, brokenAt: CHECKPOINT_EVERY });
  });

  it("exits 1 for a record rewritten with every later hash and the head recomputed", async () => {
    const database = await open();
    const db = database.db;
    await db.execute(sql`alter table audit_log disable trigger user`);
    await db.execute(sql`alter table audit_head disable trigger user`);
    const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      const next = { ...row, prevHash, after: row.seq === 5 ? { i: "đã sửa" } : row.after };
      const hash = hashRecord(next);
      await db.update(auditLog).set({ prevHash, after: next.after, hash }).where(eq(auditLog.seq, row.seq));
      prevHash = hash;
    }
    await db.update(auditHead).set({ hash: prevHash });
    await db.execute(sql`alter table audit_log enable trigger user`);
    await db.execute(sql`alter table audit_head enable trigger user`);
    await database.close();
    const r = await runScript(env());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, brokenAt: 1 });
    expect(r.stderr).toContain("AUDIT CHAIN BROKEN at record 1");
    expect(r.stderr).toContain("later hashes recomputed");
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
