import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DEADLINES, ok, seedsWorld } from "../cycle/support.js";
import { unstorable } from "../../src/http/input-guard.js";
import { databaseProblem } from "../../src/http/db-errors.js";

/*
 * Issue 13, "bad input is a 400, never a 500": each cause refused once at the edge, so every route inherits it.
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof seedsWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedsWorld(t);
});
afterAll(() => t.close());

const isProblem = (r: { status: number; body: any }, status: number) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.i18n.vi.title).toBeTruthy();
  expect(r.body.i18n.en.title).toBeTruthy();
};

describe("the rule: what PostgreSQL text cannot hold", () => {
  it.each([
    ["a", null],
    ["Cà phê 😀", null],
    ["a\u0000b", "nul"],
    ["\u0000", "nul"],
    ["x\ud800", "surrogate"],
    ["\udc00x", "surrogate"],
    ["\ud83d\ude00", null],
    ["\ude00\ud83d", "surrogate"],
  ])("%j → %s", (s, why) => expect(unstorable(s)).toBe(why));
});

describe("NUL in any string is a 400 problem", () => {
  it.each(["/registry?q=%00", "/api/registry?q=%00", "/api/audit?action=%00", "/api/users/%00", "/api/ideas?x%00=1"])("in the query or path: %s", async (path) => {
    const res = await t.app.request(path, { headers: { ...(await signedIn()).headers } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = await res.json();
    expect(body.i18n.vi.title).toBe("Dữ liệu không hợp lệ");
  });

  it.each(["/api/ideas", "/api/producers", "/api/dossiers", "/api/retail"])("in a JSON body: name in POST %s", async (path) => {
    isProblem(await w.office("POST", path, { name: "Trà\u0000" }), 400);
  });

  it("in a nested JSON string or key", async () => {
    const r = await w.office("POST", "/api/cycles", { year: 2031, chain: "commune-province", deadlines: { ...DEADLINES, ["x\u0000"]: "1" } });
    isProblem(r, 400);
    expect(r.body.errors[0].path).toBe("deadlines.x\u0000");
  });

  it("in a form body (urlencoded and multipart), before the CSRF check and sign-in", async () => {
    const url = await t.app.request("/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=a%00&password=b" });
    expect(url.status).toBe(400);
    const form = new FormData();
    form.set("username", "a\u0000");
    const multi = await t.app.request("/api/auth/login", { method: "POST", body: form });
    expect(multi.status).toBe(400);
    expect((await multi.json()).errors[0].path).toBe("username");
  });
});

describe("lone surrogates are a 400 problem", () => {
  it.each([
    ["a retail name", "/api/retail", { name: "\ud800" }],
    ["a reason", "/api/ideas/1/actions", { action: "return", reason: "lý do \udfff" }],
    ["a nested note", "/api/cycles", { year: 2032, chain: "commune-province", deadlines: { ...DEADLINES, note: "a\ud83d" } }],
  ])("%s", async (_what, path, body) => {
    const r = await w.office("POST", path, body);
    isProblem(r, 400);
    expect(r.body.errors[0].en).toContain("lone surrogate");
  });

  it("in a JSON key", async () => {
    isProblem(await w.office("POST", "/api/retail", { ["k\udc00"]: 1 }), 400);
  });
});

describe("ids beyond their int4 column", () => {
  it.each([
    ["unitId in a body", "POST", "/api/producers", { unitId: 2147483648 }],
    ["productId in a body", "POST", "/api/stamp-batches", { productId: 2147483648, quantity: 10 }],
    ["batchId in a body", "POST", "/api/stamps/void", { batchId: 2147483648, reason: "test" }],
    ["cycleId in a body", "POST", "/api/ideas", { cycleId: 9007199254740993 }],
    ["a query id", "GET", "/api/products?cycleId=2147483648", undefined],
    ["a query cursor", "GET", "/api/audit?cursor=99999999999999999999", undefined],
  ])("%s is a 400", async (_what, method, path, body) => {
    const r = await w.office(method, path, body);
    isProblem(r, 400);
  });

  it.each(["/api/ideas/2147483648", "/api/stamp-batches/9999999999999999999999", "/p/9007199254740993", "/decisions/9999999999999999999999/annex.pdf", "/api/producers/2147483648"])(
    "a path id that cannot exist is a 404: %s",
    async (path) => {
      const r = await w.office("GET", path);
      isProblem(r, 404);
    },
  );

  it("the largest int4 id is still a plain not-found", async () => {
    isProblem(await w.office("GET", "/api/ideas/2147483647"), 404);
  });

  it("the OpenAPI document states the bound", async () => {
    const doc = await (await t.app.request("/api/openapi.json")).json();
    const param = doc.paths["/api/ideas/{id}"].get.parameters.find((p: any) => p.name === "id");
    expect(param.schema.maximum).toBe(2147483647);
  });
});

describe("a multipart body with a missing or wrong boundary", () => {
  it.each(["/api/auth/login", "/login", "/s/ABC/report", "/api/ideas"])("is a 400 problem before authentication: POST %s", async (path) => {
    for (const type of ["multipart/form-data", "multipart/form-data; boundary=nope"]) {
      const res = await t.app.request(path, { method: "POST", headers: { "content-type": type }, body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n" });
      expect(res.status, `${path} ${type}`).toBe(400);
      expect((await res.json()).code).toBe("malformed-body");
    }
  });
});

describe("database errors a client causes", () => {
  it("six concurrent creations of one cycle: one 201 and five 409", async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => w.office("POST", "/api/cycles", { year: 2040, chain: "commune-province", deadlines: DEADLINES })));
    const statuses = all.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of all.filter((x) => x.status === 409)) expect(r.body.i18n.vi.title).toBeTruthy();
    expect((await ok(w.office("GET", "/api/cycles"))).items.filter((c: any) => c.year === 2040)).toHaveLength(1);
  });

  it.each([
    ["23505", 409],
    ["22P02", 400],
    ["22003", 400],
    ["22021", 400],
    ["22P05", 400],
    ["54000", 400],
    ["23503", 400],
    ["42P01", null],
  ])("SQLSTATE %s → %s, found on the error or its cause (drizzle wraps the driver's)", (code, status) => {
    expect(databaseProblem(Object.assign(new Error("x"), { code }))?.error.status ?? null).toBe(status);
    expect(databaseProblem(new Error("wrapped", { cause: Object.assign(new Error("x"), { code }) }))?.error.status ?? null).toBe(status);
  });
});

async function signedIn() {
  const { signedInUser, grant } = await import("../support/fixtures.js");
  return (await signedInUser(t.app, t.database.db, [grant("province_office", w.tree.province)])).session;
}
