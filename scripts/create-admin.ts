import { parseArgs } from "node:util";
import { and, count, eq, gt, isNull, lte, or } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { useAuditSigningKey } from "../src/modules/audit/index.js";
import { AppError } from "../src/lib/problem.js";
import { CreateUserInput } from "../src/modules/accounts/inputs.js";
import { bootstrapSystemAdmin } from "../src/modules/accounts/service.js";
import { adminUnits } from "../src/modules/units/schema.js";
import { parseInput } from "../src/lib/validation.js";

// `npm run create-admin -- --username U --name "Full name"` with the password in ADMIN_PASSWORD (or --password,
// which shell history and `ps` can see). Creates a system administrator of the configured province, audited.
// With the embedded database stop the server first: two processes must never open one PGlite folder.

const USAGE = `Usage: npm run create-admin -- --username <u> --name "<Họ và tên>" [--email <e>] [--password <p>]
  The password may instead come from ADMIN_PASSWORD (preferred); likewise ADMIN_USERNAME, ADMIN_NAME, ADMIN_EMAIL.`;

function fail(message: string): never {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(1);
}

let args: Record<string, string | boolean | undefined>;
try {
  args = parseArgs({
    options: { username: { type: "string" }, password: { type: "string" }, name: { type: "string" }, email: { type: "string" }, help: { type: "boolean" } },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}

// The script is an entry point like src/server.ts: the environment is read here and nowhere below.
const env = process.env;
const raw = {
  username: (args.username as string | undefined) ?? env.ADMIN_USERNAME,
  password: (args.password as string | undefined) ?? env.ADMIN_PASSWORD,
  displayName: (args.name as string | undefined) ?? env.ADMIN_NAME,
  email: ((args.email as string | undefined) ?? env.ADMIN_EMAIL) || undefined,
};
const missing = Object.entries({ "--username": raw.username, "--password / ADMIN_PASSWORD": raw.password, "--name": raw.displayName })
  .filter(([, v]) => !v)
  .map(([k]) => k);
if (missing.length) fail(`Thiếu / missing: ${missing.join(", ")}\n${USAGE}`);

function describe(err: AppError): string {
  const fields = (err.extra?.errors ?? []).map((e) => `  - ${e.path || "(input)"}: ${e.vi} / ${e.en}`);
  return [`${err.title.vi} / ${err.title.en}`, ...(err.detail ? [`${err.detail.vi}\n${err.detail.en}`] : []), ...fields].join("\n");
}

let input: CreateUserInput;
try {
  input = parseInput(CreateUserInput, { ...raw, locale: "vi" });
} catch (err) {
  if (err instanceof AppError) fail(describe(err));
  throw err;
}

const config = loadConfig();
// The new account's audit records are anchored like every other: with the configured signing key.
useAuditSigningKey(config.auditSigningKey);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
// Failures below are reported after the database is closed, so PGlite flushes what migrate() wrote.
class Refused extends Error {}
function refuse(message: string): never {
  throw new Refused(message);
}
try {
  await database.migrate();
  const db = database.db;
  const now = new Date();
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

  const [units] = await db.select({ n: count() }).from(adminUnits);
  if (!units || units.n === 0) {
    refuse(
      "Chưa có đơn vị hành chính nào trong cơ sở dữ liệu. Hãy chạy `npm run units:import` (hoặc `npm start` một lần) rồi thử lại.\n" +
        "No administrative units are loaded yet. Run `npm run units:import` (or `npm start` once), then try again.",
    );
  }
  const [province] = await db
    .select({ id: adminUnits.id, name: adminUnits.name })
    .from(adminUnits)
    .where(
      and(
        eq(adminUnits.code, config.provinceCode),
        eq(adminUnits.level, "province"),
        lte(adminUnits.validFrom, today),
        or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today)),
      ),
    )
    .limit(1);
  if (!province) {
    refuse(
      `Không có đơn vị cấp tỉnh mã ${config.provinceCode} còn hiệu lực hôm nay (${today}). Hãy chạy \`npm run units:import\`.\n` +
        `There is no province unit with code ${config.provinceCode} in force today (${today}). Run \`npm run units:import\`.`,
    );
  }

  try {
    const user = await bootstrapSystemAdmin({ db, now, input: { ...input, provinceUnitId: province.id } });
    process.stdout.write(JSON.stringify({ id: user.id, username: user.username, role: "system_admin", unit: province.name }) + "\n");
    process.stderr.write(
      `Đã tạo quản trị hệ thống "${user.username}" cho ${province.name}. Created system administrator "${user.username}" for ${province.name}.\n`,
    );
  } catch (err) {
    if (err instanceof AppError) refuse(describe(err));
    throw err;
  }
} catch (err) {
  if (!(err instanceof Refused)) throw err;
  process.stderr.write(err.message + "\n");
  process.exitCode = 1;
} finally {
  await database.close();
}
