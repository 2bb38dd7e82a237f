import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../support/harness.js";
import { ok } from "../cycle/support.js";
import { issuedBatch } from "../stamps/support.js";
import { auditLog } from "../../src/modules/audit/schema.js";

/* Issue 13: a GET never changes state. The sheet download serves; "mark as printed" is an explicit POST. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const printAudits = (batchId: number) =>
  t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "stamps.print"), eq(auditLog.subjectType, "stamp_batch"), eq(auditLog.subjectId, String(batchId))));

describe("printing a stamp batch", () => {
  it("the download changes nothing; the POST moves the batch to printed, audited; the page has the button", async () => {
    const { w, batch } = await issuedBatch(t, 2);
    for (const q of ["", "?layout=roll", "?fromSeq=1&toSeq=1"]) {
      const res = await t.app.request(`/api/stamp-batches/${batch.id}/sheet.pdf${q}`, { headers: w.office.headers });
      expect(res.status).toBe(200);
    }
    expect((await ok(w.office.api("GET", `/api/stamp-batches/${batch.id}`))).state).toBe("issued");
    expect(await printAudits(batch.id)).toHaveLength(0);

    const page = await t.app.request(`/stamps/${batch.id}`, { headers: { ...w.office.headers, accept: "text/html" } });
    const html = await page.text();
    expect(html).toContain(`action="/stamps/${batch.id}/printed"`);
    expect(html).toContain("Đánh dấu đã in");

    expect((await ok(w.office.api("POST", `/api/stamp-batches/${batch.id}/printed`))).state).toBe("printed");
    expect(await printAudits(batch.id)).toHaveLength(1);
    // A reprint may be marked again: still printed, audited again.
    expect((await ok(w.office.api("POST", `/api/stamp-batches/${batch.id}/printed`))).state).toBe("printed");
    expect(await printAudits(batch.id)).toHaveLength(2);
  });

  it("a batch not yet issued cannot be marked printed; someone else's is not found; an id beyond int4 is not found", async () => {
    const { w, cert } = await issuedBatch(t, 1);
    const requested = await ok(w.producerMember.api("POST", "/api/stamp-batches/requests", { productId: cert.productId, quantity: 5 }), 201);
    expect((await w.office.api("POST", `/api/stamp-batches/${requested.id}/printed`)).status).toBe(409);
    expect((await w.office.api("POST", `/api/stamp-batches/2147483648/printed`)).status).toBe(404);
    expect((await w.office.api("POST", `/api/stamp-batches/2147483647/printed`)).status).toBe(404);
  });
});
