import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";

// Hono writes path parameters as `:id` (optionally `:id{regex}`), OpenAPI as `{id}`.
const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
const NOT_JSON = new Set(["/api/openapi.json", "/api/docs"]);

describe("OpenAPI document and API reference", () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await createTestApp();
    doc = await (await t.app.request("/api/openapi.json")).json();
  });
  afterAll(() => t.close());

  it("is OpenAPI 3.1.0 and documents the known JSON routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/audit/verify"]?.get).toBeDefined();
    expect(doc.paths["/api/audit"]?.get?.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(["subjectType", "subjectId", "actorId", "action", "cursor", "limit"]),
    );
    expect(doc.paths["/healthz"]?.get?.responses).toHaveProperty("503");
  });

  it("documents every /api route the app serves", () => {
    const served = new Set(
      t.app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !NOT_JSON.has(r.path)).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`),
    );
    const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
  });

  it("renders the reference as HTML on the server, grouped by tag, from the same document", async () => {
    const res = await t.app.request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('id="tag-audit"');
    expect(html).toContain('id="op-get-api-audit-verify"');
    expect(html).toContain("subjectType");
    expect(html).toContain('href="#schema-auditchainreport"');
    expect(html).toContain('id="schema-auditchainreport"');
    expect(html).toContain("Tài liệu API");
  });

  it("needs no JavaScript and nothing from another host", async () => {
    const html = await (await t.app.request("/api/docs?lang=en")).text();
    expect(html).not.toMatch(/<script/i);
    const refs = [...html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(ref, ref).toMatch(/^(\/(?!\/)|#)/);
    expect(html).not.toMatch(/@import|url\(/);
  });
});
