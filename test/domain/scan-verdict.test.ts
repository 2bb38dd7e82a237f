import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { networkOf } from "../../src/domain/ip-network.js";
import { SCANNER_NETWORK, SUSPICION, scannerOf, scanVerdict, type VerdictFacts } from "../../src/domain/scan-verdict.js";

/* The scan verdict's rule (issue 13): scanners are networks (/24, /48), thresholds in SUSPICION, precedence. */

const genuine = (over: Partial<Extract<VerdictFacts, { known: true }>> = {}): VerdictFacts => ({
  known: true,
  voided: false,
  activated: true,
  certificateStatus: "valid",
  previousScans: 3,
  firstScanAt: new Date("2026-03-01T00:00:00Z"),
  scannersLastDay: 1,
  placesLastDay: 1,
  ...over,
});

describe("scannerOf: one scanner per network", () => {
  it.each([
    ["203.0.113.7", "203.0.113.0/24"],
    ["203.0.113.250", "203.0.113.0/24"],
    ["203.0.114.7", "203.0.114.0/24"],
    ["::ffff:203.0.113.9", "203.0.113.0/24"],
    ["2001:db8:ab:cd::1", "2001:db8:ab:0:0:0:0:0/48"],
    ["2001:0DB8:00AB:ffff:1:2:3:4", "2001:db8:ab:0:0:0:0:0/48"],
    ["2001:db8:ac::1", "2001:db8:ac:0:0:0:0:0/48"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:0/48"],
    [" 10.1.2.3 ", "10.1.2.0/24"],
  ])("%s → %s", (address, network) => {
    expect(scannerOf(address)).toBe(network);
  });

  it("keeps what is not an address apart from every real network", () => {
    for (const junk of ["unknown", "1.2.3.256", "1:2:3:4:5:6:7:8:9", "1::2::3", "", "localhost"]) expect(scannerOf(junk).startsWith("?")).toBe(true);
    expect(scannerOf("unknown")).not.toBe(scannerOf("1.2.3.4"));
  });

  it("the prefix lengths are the rule's", () => {
    expect(SCANNER_NETWORK).toEqual({ ipv4Bits: 24, ipv6Bits: 48 });
    expect(networkOf("203.0.113.77", { ipv4Bits: 32, ipv6Bits: 64 })).toBe("203.0.113.77/32");
    expect(networkOf("2001:db8:1:2:3::9", { ipv4Bits: 32, ipv6Bits: 64 })).toBe("2001:db8:1:2:0:0:0:0/64");
    expect(networkOf("203.0.113.77", { ipv4Bits: 20, ipv6Bits: 64 })).toBe("203.0.112.0/20");
  });

  const octet = fc.integer({ min: 0, max: 255 });
  it("gives every address of one /24 the same scanner, and addresses of different /24s different ones", () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, octet, octet, octet, (a, b, c, d1, d2, c2, b2) => {
        expect(scannerOf(`${a}.${b}.${c}.${d1}`)).toBe(scannerOf(`${a}.${b}.${c}.${d2}`));
        if (c2 !== c) expect(scannerOf(`${a}.${b}.${c2}.${d1}`)).not.toBe(scannerOf(`${a}.${b}.${c}.${d1}`));
        if (b2 !== b) expect(scannerOf(`${a}.${b2}.${c}.${d1}`)).not.toBe(scannerOf(`${a}.${b}.${c}.${d1}`));
      }),
    );
  });

  const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  it("gives every address of one IPv6 /48 the same scanner, written in full or compressed", () => {
    fc.assert(
      fc.property(fc.array(hextet, { minLength: 8, maxLength: 8 }), fc.array(hextet, { minLength: 5, maxLength: 5 }), (h, tail) => {
        const full = h.join(":");
        const sibling = [...h.slice(0, 3), ...tail].join(":");
        expect(scannerOf(full)).toBe(scannerOf(sibling));
        expect(scannerOf(`${h.slice(0, 3).join(":")}::1`)).toBe(scannerOf(full));
      }),
    );
  });
});

describe("scanVerdict: suspicion thresholds", () => {
  it(`is suspicious above ${SUSPICION.scannersPerDay} distinct scanners in a day, not at it`, () => {
    expect(scanVerdict(genuine({ scannersLastDay: SUSPICION.scannersPerDay }))).toBe("genuine_seen");
    expect(scanVerdict(genuine({ scannersLastDay: SUSPICION.scannersPerDay + 1 }))).toBe("suspicious");
  });

  it(`is suspicious from ${SUSPICION.placesPerDay} distinct places in a day`, () => {
    expect(scanVerdict(genuine({ placesLastDay: SUSPICION.placesPerDay - 1 }))).toBe("genuine_seen");
    expect(scanVerdict(genuine({ placesLastDay: SUSPICION.placesPerDay }))).toBe("suspicious");
  });

  it("puts what is wrong with the stamp and the certificate before the scan pattern", () => {
    const crowd = { scannersLastDay: 500, placesLastDay: 9 };
    expect(scanVerdict({ known: false })).toBe("unknown");
    expect(scanVerdict(genuine({ ...crowd, voided: true }))).toBe("void");
    expect(scanVerdict(genuine({ ...crowd, activated: false }))).toBe("not_activated");
    expect(scanVerdict(genuine({ ...crowd, certificateStatus: "revoked" }))).toBe("certificate_revoked");
    expect(scanVerdict(genuine({ ...crowd, certificateStatus: "suspended" }))).toBe("certificate_suspended");
    expect(scanVerdict(genuine({ ...crowd, certificateStatus: "expired" }))).toBe("certificate_expired");
    expect(scanVerdict(genuine({ ...crowd, certificateStatus: "superseded" }))).toBe("suspicious");
    expect(scanVerdict(genuine({ previousScans: 0 }))).toBe("genuine_first");
  });
});
