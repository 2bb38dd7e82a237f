import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { auditKeyFromJwk, auditKeyFromPem } from "../src/modules/audit/runtime/signing.js";
import { verifyAuditChain } from "../src/modules/audit/service.js";

// `npm run audit:verify`: the same check as GET /api/audit/verify, for cron jobs and for when the app is down.
// The hash chain is held against the checkpoints signed with the audit key: by default the configured key
// (AUDIT_SIGNING_KEY or DATA_DIR/audit-signing-key.pem); with `-- --public-key FILE` the published JWK of
// /.well-known/audit-key instead, so whoever checks needs no secret (and a stolen database cannot bring its own).
// The report goes to stdout as JSON (for `jq` and monitoring), the sentence to stderr; exit 1 means broken.
// With the embedded database stop the server first: two processes must never open one PGlite folder.
const { values } = parseArgs({ options: { "public-key": { type: "string" } } });
const publicKeyFile = values["public-key"];
const config = loadConfig(process.env, { auditKey: !publicKeyFile });
const key = publicKeyFile ? auditKeyFromJwk(JSON.parse(readFileSync(publicKeyFile, "utf8"))) : auditKeyFromPem(config.auditSigningKey!);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const report = await verifyAuditChain(database.db, 5000, key);
  process.stdout.write(JSON.stringify(report) + "\n");
  process.stderr.write(
    report.ok
      ? `Chuỗi nhật ký toàn vẹn / audit chain intact: ${report.records} records, head ${report.headHash.slice(0, 16)}…, ${report.checkpoints} signed checkpoints (key ${report.keyId}), last at record ${report.lastCheckpoint?.seq ?? "—"}\n`
      : `CHUỖI NHẬT KÝ BỊ PHÁ VỠ / AUDIT CHAIN BROKEN at record ${report.brokenAt} (${report.records} intact before it): ${report.reason}\n`,
  );
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await database.close();
}
