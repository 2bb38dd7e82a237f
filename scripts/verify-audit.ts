import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { verifyAuditChain } from "../src/modules/audit/service.js";

// `npm run audit:verify`: the same check as GET /api/audit/verify, for cron jobs and for when the app is down.
// The report goes to stdout as JSON (for `jq` and monitoring), the sentence to stderr; exit 1 means broken.
// With the embedded database stop the server first: two processes must never open one PGlite folder.
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const report = await verifyAuditChain(database.db);
  process.stdout.write(JSON.stringify(report) + "\n");
  process.stderr.write(
    report.ok
      ? `Chuỗi nhật ký toàn vẹn / audit chain intact: ${report.records} records, head ${report.headHash.slice(0, 16)}…\n`
      : `CHUỖI NHẬT KÝ BỊ PHÁ VỠ / AUDIT CHAIN BROKEN at record ${report.brokenAt} (${report.records} intact before it): ${report.reason}\n`,
  );
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await database.close();
}
