import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createTestApp, type TestApp } from "../support/harness.js";

describe("GET /healthz", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("answers 200 with the database kind and latency, never cached", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as any;
    expect(body).toEqual({ status: "ok", database: { kind: t.database.kind, ok: true, latencyMs: expect.any(Number) } });
    expect(body.database.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("answers 503 without connection details when the database does not answer in time", async () => {
    const hung = { ...t.database, ping: () => new Promise<void>(() => {}) };
    const app = createApp({ ...t.deps, database: hung });
    const started = Date.now();
    const res = await app.request("/healthz");
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await res.json()).toMatchObject({ status: "unavailable", database: { kind: t.database.kind, ok: false } });
  });

  it("answers 503 once the database is closed", async () => {
    const other = await createTestApp();
    await other.database.close();
    try {
      const res = await other.app.request("/healthz");
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: "unavailable",
        database: { kind: other.database.kind, ok: false },
        i18n: { vi: { title: "Cơ sở dữ liệu không phản hồi" }, en: { title: "The database does not answer" } },
      });
      expect(text).not.toMatch(/127\.0\.0\.1|5432|closed|ended/i);
    } finally {
      await other.close().catch(() => {});
    }
  });
});
