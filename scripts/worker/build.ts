import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/*
 * `npm run worker:build`: the Worker's bundle as `wrangler deploy` would upload it (`--dry-run --outdir`,
 * nothing is sent), and its size against the Workers limits on the compressed script: 3 MB on the free plan,
 * 10 MB on the paid one. WORKER_OUTDIR keeps the bundle (default: a temporary folder, removed). Exits 1 over
 * the paid limit.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const keep = process.env["WORKER_OUTDIR"];
const out = keep ?? mkdtempSync(join(tmpdir(), "ocop-worker-build-"));
const run = spawnSync(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out], { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" } });
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}
const bytes = readFileSync(join(out, "worker.js"));
const gzip = gzipSync(bytes, { level: 9 }).length;
const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(2);
const FREE = 3 * MB;
const PAID = 10 * MB;
const report = {
  bundle_mb: Number(mb(bytes.length)),
  gzip_mb: Number(mb(gzip)),
  free_limit_mb: 3,
  paid_limit_mb: 10,
  fits_free: gzip <= FREE,
  fits_paid: gzip <= PAID,
};
console.log(`worker.js: ${mb(bytes.length)} MB, ${mb(gzip)} MB gzip — ${((gzip / FREE) * 100).toFixed(0)}% of the free plan's 3 MB, ${((gzip / PAID) * 100).toFixed(0)}% of the paid plan's 10 MB${keep ? ` (in ${out})` : ""}`);
console.log(JSON.stringify(report));
if (!keep) rmSync(out, { recursive: true, force: true });
if (!report.fits_paid) process.exit(1);
