import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUSPICION } from "../../src/domain/scan-verdict.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { issuedBatch, lot, scan } from "../stamps/support.js";

/*
 * Issue 13: "suspicious" cannot be manufactured. One address rotating user-agents used to count as one scanner
 * per user-agent, so 25 of them marked a genuine stamp suspicious from the 21st scan. A scanner is now its
 * network (IPv4 /24, IPv6 /48): a whole /24 rotating user-agents is one scanner; distinct networks still count.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true } });
});
afterAll(() => t.close());

const verdict = async (code: string, ip: string, ua: string) => JSON.parse((await scan(t, code, { ip, ua, json: true })).text).verdict as string;

async function activatedCodes(n: number) {
  const { w, batch, codes } = await issuedBatch(t, n);
  await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
  t.clock.advance(1000);
  return codes;
}

describe("distinct scanners are distinct networks", () => {
  it("keeps a stamp genuine when one /24 scans it with 30 user-agents from many of its addresses", async () => {
    const [code] = await activatedCodes(1);
    const rotations = SUSPICION.scannersPerDay + 10;
    for (let i = 0; i < rotations; i++) {
      expect(await verdict(code!, `203.0.113.${1 + (i % 250)}`, `Mozilla/5.0 (bot ${i}) Chrome/${100 + i}`)).toMatch(/^genuine_/);
    }
    // Nor does the same from an IPv6 /48 rotating its addresses and user-agents.
    const [v6] = await activatedCodes(1);
    for (let i = 0; i < rotations; i++) expect(await verdict(v6!, `2001:db8:77:${i.toString(16)}::${i + 1}`, `ua-${i}`)).toMatch(/^genuine_/);
  });

  it(`marks a stamp suspicious once more than ${SUSPICION.scannersPerDay} distinct networks scanned it in a day`, async () => {
    const [code] = await activatedCodes(1);
    // The same user-agent everywhere: networks, not browsers, are what count.
    for (let i = 0; i < SUSPICION.scannersPerDay; i++) expect(await verdict(code!, `198.51.${i}.10`, "same-phone")).toMatch(/^genuine_/);
    expect(await verdict(code!, `198.51.${SUSPICION.scannersPerDay}.10`, "same-phone")).toBe("suspicious");
  });

  it("counts a stamp's scanners by network for the 'scanned N times' it shows", async () => {
    const [code] = await activatedCodes(1);
    expect(await verdict(code!, "192.0.2.1", "a")).toBe("genuine_first");
    // Another address of the same /24 with another browser, within the hour: the same scanner's repeat.
    expect(await verdict(code!, "192.0.2.99", "b")).toBe("genuine_first");
    expect(await verdict(code!, "192.0.3.1", "a")).toBe("genuine_seen");
  });
});
