import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

  it("runs the committed migrations on the database under test", async () => {
    const rows = await t.database.db.execute("select count(*)::int as n from admin_units" as never);
    expect(rows).toBeDefined();
  });
});
