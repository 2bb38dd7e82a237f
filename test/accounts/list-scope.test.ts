import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POLICY } from "../../src/auth/policy.js";
import { getUser, listUsers } from "../../src/modules/accounts/service.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createRetailPoint, createUnitTree, createUser, grant, principalWith, type UnitTree } from "../support/fixtures.js";

/*
 * Today every users.read rule is held anywhere, so lists are unfiltered. The service already narrows lists to
 * the caller's units when a rule is unit-scoped; this exercises that path by swapping in such a rule.
 */
let t: TestApp;
let tree: UnitTree;
let other: UnitTree;
const original = POLICY["users.read"];
const mutable = POLICY as unknown as Record<string, unknown>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createUnitTree(t.database.db);
  other = await createUnitTree(t.database.db);
});
afterAll(() => t.close());
afterEach(() => {
  mutable["users.read"] = original;
});

describe("listUsers with a unit-scoped users.read rule", () => {
  it("shows only users holding an active role inside the caller's units", async () => {
    mutable["users.read"] = [["district_office", "unit"]];
    const db = t.database.db;
    const tag = `scope${Date.now().toString(36)}`;
    const inCommune = await createUser(db, { username: `${tag}_commune`, grants: [grant("commune_officer", tree.communes[0][1])] });
    const producerMember = await createUser(db, { username: `${tag}_producer`, grants: [grant("producer_member", await createProducer(db, tree.communes[0][0]))] });
    const retailOp = await createUser(db, { username: `${tag}_retail`, grants: [grant("retail_operator", await createRetailPoint(db, tree.communes[0][0]))] });
    const sibling = await createUser(db, { username: `${tag}_sibling`, grants: [grant("commune_officer", tree.communes[1][0])] });
    const elsewhere = await createUser(db, { username: `${tag}_other`, grants: [grant("district_office", other.districts[0])] });
    const above = await createUser(db, { username: `${tag}_province`, grants: [grant("province_office", tree.province)] });
    const noRoles = await createUser(db, { username: `${tag}_none` });

    const caller = principalWith({ role: "district_office", unitId: tree.districts[0].id, unitPath: tree.districts[0].path });
    const ctx = { db, principal: caller, now: t.clock.now() };
    const list = await listUsers({ ctx, input: { q: tag, status: "all", limit: 50, offset: 0 } });
    expect(list.items.map((u) => u.username).sort()).toEqual([inCommune, producerMember, retailOp].map((u) => u.username).sort());
    expect(list.total).toBe(3);

    await expect(getUser({ ctx, input: { userId: inCommune.id } })).resolves.toMatchObject({ id: inCommune.id });
    for (const hidden of [sibling, elsewhere, above, noRoles]) {
      await expect(getUser({ ctx, input: { userId: hidden.id } })).rejects.toMatchObject({ status: 404 });
    }

    const outsider = principalWith({ role: "commune_officer", unitId: tree.communes[0][0].id, unitPath: tree.communes[0][0].path });
    await expect(listUsers({ ctx: { ...ctx, principal: outsider }, input: { status: "all", limit: 50, offset: 0 } })).rejects.toMatchObject({ status: 403 });
  });
});
