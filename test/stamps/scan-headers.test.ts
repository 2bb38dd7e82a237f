import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { issuedBatch, lot } from "./support.js";

/*
 * Issue 14: the scan page answers with every header in one plain object (http/plain-response.ts) instead of
 * Hono's per-header Headers. Whatever way a response on the hot path is made (a page, its JSON, an unknown
 * code, a refusal for going too fast), it carries the same security headers and request id as every page.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { rateLimits: { scansPerMinute: 3, reportsPerHour: 10, syncMs: 1000 } } });
});
afterAll(() => t.close());

const SECURITY = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "cross-origin-opener-policy"];

function expectBaseHeaders(res: Response, requestId: string) {
  for (const h of SECURITY) expect(res.headers.get(h), h).toBeTruthy();
  expect(res.headers.get("x-request-id")).toBe(requestId);
}

describe("the scan page's headers", () => {
  it("are the site's on a page, its JSON, an unknown code and a 429", async () => {
    const { w, batch, codes } = await issuedBatch(t, 1);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
    const code = codes[0]!;
    const get = (path: string, accept: string, id: string) => t.app.request(path, { headers: { accept, "x-request-id": id, "user-agent": "phone" } });

    const page = await get(`/s/${code}`, "text/html", "scan-page-0001");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("vary")).toBe("accept");
    expect(page.headers.get("x-robots-tag")).toBe("noindex");
    expectBaseHeaders(page, "scan-page-0001");

    const json = await get(`/s/${code}`, "application/json", "scan-json-0001");
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await json.json()).verdict).toMatch(/^genuine_/);
    expectBaseHeaders(json, "scan-json-0001");

    const unknown = await get("/s/NOT-A-CODE", "text/html", "scan-unknown-01");
    expect(unknown.status).toBe(404);
    expectBaseHeaders(unknown, "scan-unknown-01");

    // The budget is 3 a minute: the fourth is refused, on the slow path, with the same headers.
    const refused = await get(`/s/${code}`, "text/html", "scan-refused-01");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expectBaseHeaders(refused, "scan-refused-01");

    // HEAD (a link preview) carries them too, and no body.
    const head = await t.app.request(`/s/${code}`, { method: "HEAD", headers: { "x-request-id": "scan-head-0001" } });
    expectBaseHeaders(head, "scan-head-0001");
    expect(await head.text()).toBe("");
  });
});
