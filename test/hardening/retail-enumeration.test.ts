import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createRetailPoint, createUnitTree, grant, signedInUser, type TestRetailPoint, type UnitTree } from "../support/fixtures.js";

/*
 * Issue 13: the retail point routes must not tell a caller who may not see a point whether its id exists.
 * An existing point the caller may not see and an id no point has get the same status and the same body
 * (apart from the request's own id and path).
 */

let t: TestApp;
let tree: UnitTree;
let mine: TestRetailPoint;
let theirs: TestRetailPoint;
let missingId: number;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createUnitTree(t.database.db);
  mine = await createRetailPoint(t.database.db, tree.communes[0][0]);
  theirs = await createRetailPoint(t.database.db, tree.communes[1][0]);
  missingId = theirs.id + 1000;
});
afterAll(() => t.close());

type Caller = { headers: Record<string, string>; cookie: string };
const as = async (grants: Parameters<typeof signedInUser>[2]): Promise<Caller> => (await signedInUser(t.app, t.database.db, grants)).session;

async function call(who: Caller, method: string, path: string, body?: unknown) {
  const res = await t.app.request(path, {
    method,
    headers: { ...who.headers, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, type: res.headers.get("content-type"), body: json };
}

/** The body without what names the request itself (its id and its path). */
const shape = ({ requestId: _r, instance: _i, ...rest }: Record<string, unknown>) => rest;

const routes = (id: number) => [
  ["GET", `/api/retail/${id}`, undefined],
  ["GET", `/api/retail/${id}/stock`, undefined],
  ["POST", `/api/retail/${id}/stock`, { productId: 1 }],
  ["DELETE", `/api/retail/${id}/stock/1`, undefined],
] as const;

describe("retail points: an id the caller may not see reads as one that does not exist", () => {
  it("another point's operator: the same 404 for a point that exists and one that does not, on every route", async () => {
    const operator = await as([grant("retail_operator", mine)]);
    for (const [i, [method, path, body]] of routes(theirs.id).entries()) {
      const existing = await call(operator, method, path, body);
      const [m2, missingPath, b2] = routes(missingId)[i]!;
      const missing = await call(operator, m2, missingPath, b2);
      expect(existing.status, `${method} ${path}`).toBe(404);
      expect(missing.status, `${m2} ${missingPath}`).toBe(404);
      expect(existing.type).toContain("application/problem+json");
      expect(shape(existing.body)).toEqual(shape(missing.body));
      expect(existing.body.i18n).toMatchObject({ vi: { title: "Không tìm thấy" }, en: { title: "Not found" } });
    }
  });

  it("an official of another unit: the same 404 for both", async () => {
    // A district office reads the retail points of its own district only.
    const official = await as([grant("district_office", tree.districts[0])]);
    const existing = await call(official, "GET", `/api/retail/${theirs.id}`);
    const missing = await call(official, "GET", `/api/retail/${missingId}`);
    expect([existing.status, missing.status]).toEqual([404, 404]);
    expect(shape(existing.body)).toEqual(shape(missing.body));
  });

  it("a caller with no retail right at all: the same 403 for both, decided before any lookup", async () => {
    const producer = await createProducer(t.database.db, tree.communes[0][0]);
    const member = await as([grant("producer_member", producer)]);
    for (const [i, [method, path, body]] of routes(theirs.id).entries()) {
      const [m2, missingPath, b2] = routes(missingId)[i]!;
      const existing = await call(member, method, path, body);
      const missing = await call(member, m2, missingPath, b2);
      expect([existing.status, missing.status], `${method} ${path}`).toEqual([403, 403]);
      expect(shape(existing.body)).toEqual(shape(missing.body));
    }
  });

  it("the point's own operator still sees it, and an id of no point is the same 404 for them", async () => {
    const operator = await as([grant("retail_operator", mine)]);
    expect((await call(operator, "GET", `/api/retail/${mine.id}`)).status).toBe(200);
    const missing = await call(operator, "GET", `/api/retail/${missingId}`);
    const foreign = await call(operator, "GET", `/api/retail/${theirs.id}`);
    expect(missing.status).toBe(404);
    expect(shape(missing.body)).toEqual(shape(foreign.body));
  });

  it("a reader who may see a point but not change it is told so (403), since it learns nothing new", async () => {
    // The system administrator reads every point of its province but manages none.
    const admin = await as([grant("system_admin", tree.province)]);
    expect((await call(admin, "GET", `/api/retail/${theirs.id}`)).status).toBe(200);
    const change = await call(admin, "POST", `/api/retail/${theirs.id}/stock`, { productId: 1 });
    expect(change.status).toBe(403);
    expect((await call(admin, "POST", `/api/retail/${missingId}/stock`, { productId: 1 })).status).toBe(404);
  });

  it("the page answers the same way", async () => {
    const operator = await as([grant("retail_operator", mine)]);
    const get = (id: number) => t.app.request(`/retail/${id}`, { headers: { cookie: operator.cookie, accept: "text/html" } });
    const [a, b] = [await get(theirs.id), await get(missingId)];
    expect([a.status, b.status]).toEqual([404, 404]);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, "").replace(/\/retail\/\d+|%2Fretail%2F\d+/g, "/retail/N");
    expect(strip(await a.text())).toBe(strip(await b.text()));
  });
});
