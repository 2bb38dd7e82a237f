import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStampCode, newSerial } from "../../src/domain/stamp-code.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Issue 13: a refusal for going too fast is a 429 with Retry-After; a browser gets a page in Vietnamese (the
 * site's first language), a JSON caller problem+json with both languages.
 */

const LIMIT = 5;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true, rateLimits: { scansPerMinute: LIMIT, reportsPerHour: 2, syncMs: 1000 } } });
});
afterAll(() => t.close());

const code = encodeStampCode(newSerial(), "k".repeat(43));
const get = (ip: string, accept: string) => t.app.request(`/s/${code}`, { headers: { accept, "x-forwarded-for": ip, "user-agent": "Mozilla/5.0" } });

/** Spends the client's budget on one app (a single process admits exactly the limit). */
async function exhaust(ip: string) {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 3; i++) statuses.push((await get(ip, "application/json")).status);
  expect(statuses.filter((s) => s !== 429)).toHaveLength(LIMIT);
}

describe("429 Too Many Requests", () => {
  it("shows a browser a Vietnamese page with Retry-After", async () => {
    // Half a minute into the window: the wait is what is left of it.
    t.clock.set("2026-03-01T03:00:30Z");
    await exhaust("198.51.100.7");
    const res = await get("198.51.100.7", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('lang="vi"');
    expect(html).toContain("Quá nhiều yêu cầu");
    expect(html).toContain("Vui lòng thử lại sau 30 giây.");
  });

  it("gives a JSON caller problem+json in both languages, with Retry-After", async () => {
    t.clock.set("2026-03-01T03:05:10Z");
    await exhaust("198.51.100.8");
    const res = await get("198.51.100.8", "application/json");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("50");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { code: string; retryAfter: number; i18n: { vi: { title: string; detail: string }; en: { title: string } } };
    expect(body.code).toBe("rate-limited");
    expect(body.retryAfter).toBe(50);
    expect(body.i18n.vi).toEqual({ title: "Quá nhiều yêu cầu", detail: "Vui lòng thử lại sau 50 giây." });
    expect(body.i18n.en.title).toBe("Too many requests");
  });

  it("refuses a flood of fake reports with the same page", async () => {
    t.clock.set("2026-03-01T04:00:00Z");
    const ip = "198.51.100.9";
    const open = await t.app.request("/s/HELLO/report", { headers: { accept: "text/html", "x-forwarded-for": ip } });
    const cookie = /ocop_csrf=[^;]+/.exec(open.headers.getSetCookie().join("\n"))![0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await open.text())![1]!;
    const file = () =>
      t.app.request("/s/HELLO/report", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, accept: "text/html", "x-forwarded-for": ip }, body: new URLSearchParams({ _csrf: token, what: "Tem in mờ" }).toString() });
    expect((await file()).status).toBe(303);
    expect((await file()).status).toBe(303);
    const refused = await file();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("3600");
    expect(await refused.text()).toContain("Vui lòng thử lại sau 3600 giây.");
  });
});
