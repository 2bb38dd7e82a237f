import { readFileSync } from "node:fs";
import { join } from "node:path";
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../src/db/migrations-folder.js";
import { adminUnits } from "../src/modules/units/schema.js";
import { createTestApp, type TestApp } from "./support/harness.js";

describe("test harness", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("answers an unknown path with a bilingual problem+json 404 and a request id", async () => {
    const res = await t.app.request("/nope", { headers: { "x-request-id": "req-12345678" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.headers.get("x-request-id")).toBe("req-12345678");
    const body = (await res.json()) as Record<string, any>;
    expect(body.status).toBe(404);
    expect(body.i18n.vi.title).toBe("Không tìm thấy");
    expect(body.i18n.en.title).toBe("Not found");
    expect(body.requestId).toBe("req-12345678");
  });

  it("runs every committed migration on the database under test, and starts empty", async () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
    const applied = await t.database.db.select({ n: count() }).from(sql`drizzle.__drizzle_migrations`);
    expect(applied[0]?.n).toBe(journal.entries.length);
    // Empty but for the country unit the migrations add (the central level's scope, issue 12).
    const units = await t.database.db.select({ level: adminUnits.level }).from(adminUnits);
    expect(units.map((u) => u.level)).toEqual(["country"]);
  });
});
