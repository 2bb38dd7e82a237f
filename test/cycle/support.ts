import { expect } from "vitest";
import type { TestApp } from "../support/harness.js";
import { createProducer, createUnit, createUnitTree, grant, signedInUser, type SignedInSession, type TestProducer, type TestUnit, type UnitTree } from "../support/fixtures.js";

/** JSON API calls as one signed-in user; returns status and parsed body. */
export type Api = <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

export function apiAs(t: TestApp, s: SignedInSession): Api {
  return async (method, path, body) => {
    const res = await t.app.request(path, {
      method,
      headers: { ...s.headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Expects a status and gives the body, printing the problem when it differs. */
export async function ok<T = any>(call: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await call;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

export const DEADLINES = { registration: "2026-03-31", communeList: "2026-04-15", districtList: "2026-04-30", appraisal: "2026-05-31", planSubmission: "2026-07-31" };

export const ideaForm = (over: Record<string, unknown> = {}) => ({
  name: `Kẹo cu đơ ${Math.random().toString(36).slice(2, 7)}`,
  description: "Kẹo làm từ mật mía, lạc rang và bánh đa nướng, đóng gói thủ công.",
  coreBenefit: "Món quà quê Hà Tĩnh, giòn thơm, không chất bảo quản.",
  rawMaterials: "Mật mía, lạc, gừng, bánh đa",
  rawMaterialOrigin: "Mật mía Hương Sơn, lạc trồng tại xã",
  packaging: "Hộp giấy kraft 300 g, túi zip",
  expectedMarket: "Khách du lịch biển Thiên Cầm, siêu thị trong tỉnh",
  criteriaSetId: 6,
  ...over,
});

export const planBody = (b: { own: number | string; loans: number | string; other: number | string; support: number | string }) => ({
  production: "Sản xuất 20 tấn/năm tại xưởng của HTX",
  rawMaterialArea: "15 ha lạc liên kết với 40 hộ",
  technology: "Máy rang, máy ép, dây chuyền đóng gói bán tự động",
  packaging: "Hộp giấy in nhãn có mã QR truy xuất",
  markets: "Trong tỉnh 60%, Hà Nội 30%, du lịch 10%",
  projection: [
    { revenue: 1_200_000_000, profit: 150_000_000 },
    { revenue: 1_500_000_000, profit: 210_000_000 },
    { revenue: 1_800_000_000, profit: -20_000_000 },
  ],
  budget: { ownCapital: b.own, loans: b.loans, otherSources: b.other, requestedSupport: b.support },
});

/** The people of a province with districts (the seeds' chain): office, two district offices, commune officers, producers. */
export async function seedsWorld(t: TestApp) {
  const db = t.database.db;
  const tree: UnitTree = await createUnitTree(db);
  const producers = [await createProducer(db, tree.communes[0][0]), await createProducer(db, tree.communes[1][0])] as const;
  const as = async (...g: Parameters<typeof grant>) => apiAs(t, (await signedInUser(t.app, db, [grant(...g)])).session);
  return {
    tree,
    producers,
    office: await as("province_office", tree.province),
    district0: await as("district_office", tree.districts[0]),
    district1: await as("district_office", tree.districts[1]),
    commune00: await as("commune_officer", tree.communes[0][0]),
    commune01: await as("commune_officer", tree.communes[0][1]),
    commune10: await as("commune_officer", tree.communes[1][0]),
    producer0: await as("producer_member", producers[0]),
    producer1: await as("producer_member", producers[1]),
  };
}

/** A province after the two-tier reform: communes straight under it. */
export async function reformWorld(t: TestApp) {
  const db = t.database.db;
  const province: TestUnit = await createUnit(db, { level: "province" });
  const communes = [await createUnit(db, { level: "commune", parent: province }), await createUnit(db, { level: "commune", parent: province })] as const;
  const producer: TestProducer = await createProducer(db, communes[0]);
  const as = async (...g: Parameters<typeof grant>) => apiAs(t, (await signedInUser(t.app, db, [grant(...g)])).session);
  return {
    province,
    communes,
    producer,
    office: await as("province_office", province),
    commune0: await as("commune_officer", communes[0]),
    commune1: await as("commune_officer", communes[1]),
    producerApi: await as("producer_member", producer),
  };
}
