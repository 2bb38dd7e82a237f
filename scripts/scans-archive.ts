import { createWriteStream, existsSync, rmSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { parseMonth, SCAN_TABLE } from "../src/domain/scan-partitions.js";
import { useAuditSigningKey } from "../src/modules/audit/index.js";
import { archiveScanMonth, listScanPartitions, type ArchiveResult, type ScanExportFormat } from "../src/modules/stamps/index.js";

// `npm run scans:archive -- --month 2025-01 [--out scans-2025-01.jsonl|.csv] [--drop]`, or `-- --list`.
// Detaches a past month's partition of stamp_scans (its scans leave every count and report); with --out its
// rows are written to the file first, and with --drop (only with --out) the detached table is then dropped.
// Without --drop it stays in the database as a table of its own (pg_dump -t stamp_scans_2025_01, then drop it).
// The detach is audited. With the embedded database stop the server first: two processes must never open one
// PGlite folder.

const USAGE = `Usage: npm run scans:archive -- --month YYYY-MM [--out <file.jsonl|file.csv>] [--drop]
       npm run scans:archive -- --list`;

function fail(message: string): never {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(1);
}

let args: { month?: string; out?: string; drop?: boolean; list?: boolean; help?: boolean };
try {
  args = parseArgs({ options: { month: { type: "string" }, out: { type: "string" }, drop: { type: "boolean" }, list: { type: "boolean" }, help: { type: "boolean" } }, strict: true }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}
const month = args.month !== undefined ? parseMonth(args.month) : null;
if (!args.list && !month) fail(`Cần --month dạng YYYY-MM / --month YYYY-MM is required.\n${USAGE}`);
if (args.drop && !args.out) fail("--drop chỉ đi cùng --out (xuất dữ liệu trước khi xóa) / --drop needs --out (the rows are written before the table is dropped).");
const format: ScanExportFormat | null = args.out ? (args.out.endsWith(".csv") ? "csv" : args.out.endsWith(".jsonl") ? "jsonl" : null) : null;
if (args.out && !format) fail("--out phải là tệp .jsonl hoặc .csv / --out must name a .jsonl or a .csv file.");
if (args.out && existsSync(args.out)) fail(`Tệp đã có, không ghi đè / the file exists, not overwritten: ${args.out}`);

const REFUSED: Record<Extract<ArchiveResult, { ok: false }>["reason"], (name: string, m: string) => string> = {
  current: (_, m) => `${m} là tháng hiện tại: quét vẫn đang ghi vào đó. / ${m} is the current month: scans are still being written to it.`,
  future: (_, m) => `${m} là tháng sau: chỉ lưu trữ được tháng đã qua. / ${m} is in the future: only a past month can be archived.`,
  absent: (n) => `Không có phân vùng ${n}. / There is no partition ${n}.`,
  detached: (n) => `${n} đã được tách khỏi ${SCAN_TABLE} (đã lưu trữ). / ${n} is already detached from ${SCAN_TABLE} (archived).`,
  changed: (n) => `Số dòng của ${n} đã đổi trong khi xuất; chưa tách gì, hãy chạy lại. / ${n} changed while it was written out; nothing was detached, run again.`,
};

// The script is an entry point like src/server.ts: the environment is read here and nowhere below.
const config = loadConfig();
useAuditSigningKey(config.auditSigningKey);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  if (args.list) {
    for (const p of await listScanPartitions(database.db)) process.stdout.write(`${p.name}\t${p.bound}\n`);
  } else {
    const file = args.out ? createWriteStream(args.out, { flags: "wx" }) : null;
    const write = async (text: string) => {
      if (!file!.write(text)) await once(file!, "drain");
    };
    let r: ArchiveResult | null = null;
    try {
      r = await archiveScanMonth(database.db, { month: month!, now: new Date(), ...(file ? { out: { format: format!, write, file: args.out! } } : {}), drop: !!args.drop });
    } finally {
      if (file) await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      // Nothing detached (refused, or failed): the file this run made is not an archive of anything.
      if (file && !r?.ok) rmSync(args.out!, { force: true });
    }
    if (!r.ok) {
      process.stderr.write(REFUSED[r.reason](r.name, r.month) + "\n");
      process.exitCode = 1;
    } else {
      process.stdout.write(JSON.stringify(r) + "\n");
      const wrote = r.exported !== null ? ` Đã ghi ${r.exported} dòng vào ${args.out} / wrote ${r.exported} rows to ${args.out}.` : "";
      const left = r.dropped
        ? ` Đã xóa bảng ${r.name} / dropped table ${r.name}.`
        : ` Bảng ${r.name} vẫn còn trong cơ sở dữ liệu, ngoài ${SCAN_TABLE} / table ${r.name} stays in the database, outside ${SCAN_TABLE}.`;
      process.stderr.write(`Đã tách tháng ${r.month} (${r.rows} dòng) khỏi ${SCAN_TABLE} / detached ${r.month} (${r.rows} rows) from ${SCAN_TABLE}.${wrote}${left}\n`);
    }
  }
} finally {
  await database.close();
}
