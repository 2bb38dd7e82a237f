import { eq } from "drizzle-orm";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { stamps } from "../../src/modules/stamps/schema.js";
import { ok } from "../cycle/support.js";
import type { TestApp } from "../support/harness.js";
import { certified } from "../certificates/support.js";
import { reformEval } from "../evaluation/support.js";

export const STAMP_KEY = "k".repeat(43);

/** A certified product and an issued batch of `quantity` stamps; codes in print order. */
export async function issuedBatch(t: TestApp, quantity = 10) {
  const w = await reformEval(t);
  const cert = await certified(t, w);
  const batch = await ok(w.office.api("POST", "/api/stamp-batches", { productId: cert.productId, quantity }), 201);
  return { w, cert, batch, codes: await codesOf(t, batch.id) };
}

export async function codesOf(t: TestApp, batchId: number): Promise<string[]> {
  const rows = await t.database.db.select({ serial: stamps.serial, seq: stamps.seq }).from(stamps).where(eq(stamps.batchId, batchId)).orderBy(stamps.seq);
  return rows.map((r) => encodeStampCode(r.serial, STAMP_KEY));
}

export const lot = { lotNumber: "L2026-06-A", producedOn: "2026-06-10", expiresOn: "2027-06-10", quantity: 500 };

/**
 * A scan as a phone makes it. A scanner is its address's network (issue 13), not its user-agent: `ip` sets the
 * address through X-Forwarded-For, which an app believes only with `trustProxy`.
 */
export async function scan(t: TestApp, code: string, opts: { ua?: string; ip?: string; json?: boolean; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "user-agent": opts.ua ?? "phone-1", accept: opts.json ? "application/json" : "text/html", ...(opts.ip ? { "x-forwarded-for": opts.ip } : {}), ...(opts.headers ?? {}) };
  const res = await t.app.request(`/s/${code}`, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
