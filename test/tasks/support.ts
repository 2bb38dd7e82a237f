import { apiAs, ok, type Api } from "../cycle/support.js";
import { createUnitTree, grant, signedInUser, type UnitTree } from "../support/fixtures.js";
import type { TestApp } from "../support/harness.js";

export type Actor = { api: Api; userId: string; cookie: string; headers: Record<string, string> };

async function actor(t: TestApp, grants: Parameters<typeof signedInUser>[2]): Promise<Actor> {
  const { user, session } = await signedInUser(t.app, t.database.db, grants);
  return { api: apiAs(t, session), userId: user.id, cookie: session.cookie, headers: session.headers };
}

/** A conclusion as the seeds write them (seed 000: Thông báo kết luận 05-TB/BCĐ). */
export const SOURCE = { kind: "conclusion", number: "05-TB/BCĐ", date: "2026-02-25", title: "Kết luận của Ban Chỉ đạo tỉnh tại cuộc họp tháng 2/2026" } as const;

/**
 * A province with its office, two agencies with one staff account each, the officers of two communes, and a
 * second province's office: everything the scoping rules tell apart.
 */
export async function taskWorld(t: TestApp) {
  const db = t.database.db;
  const tree: UnitTree = await createUnitTree(db);
  const other = await createUnitTree(db);
  const office = await actor(t, [grant("province_office", tree.province)]);
  const otherOffice = await actor(t, [grant("province_office", other.province)]);
  const trade = await ok(office.api("POST", "/api/agencies", { name: "Sở Công Thương", shortName: "SCT", kind: "department" }), 201);
  const health = await ok(office.api("POST", "/api/agencies", { name: "Sở Y tế", kind: "department" }), 201);
  return {
    tree,
    other,
    office,
    otherOffice,
    trade,
    health,
    tradeStaff: await actor(t, [{ role: "agency_staff", agencyId: trade.id }]),
    healthStaff: await actor(t, [{ role: "agency_staff", agencyId: health.id }]),
    commune: await actor(t, [grant("commune_officer", tree.communes[0][0])]),
    neighbour: await actor(t, [grant("commune_officer", tree.communes[0][1])]),
  };
}

export const task = (over: Record<string, unknown> = {}) => ({
  title: "Đẩy mạnh xúc tiến thương mại các sản phẩm OCOP đạt từ 3 sao trở lên",
  source: SOURCE,
  deadline: "2026-03-31",
  ...over,
});

/** A multipart report: kind, note and optionally a file. */
export async function report(t: TestApp, who: Actor, taskId: number, fields: { kind: string; note?: string }, file?: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.set("kind", fields.kind);
  if (fields.note !== undefined) form.set("note", fields.note);
  if (file) form.set("file", new File([file.bytes as BufferSource], file.name));
  const res = await t.app.request(`/api/tasks/${taskId}/reports`, { method: "POST", headers: who.headers, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A small PDF (uploads are judged by their first bytes). */
export const pdf = (text = "Báo cáo kết quả") => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
