import { describe, expect, it } from "vitest";
import { embeddedIPv4, isPublicAddress } from "../../src/lib/net-address.js";
import { deliveryRefusal, receiverUrlProblem } from "../../src/modules/watch/services/receiver.js";
import { nodeTransport } from "../../src/modules/watch/services/transport.js";
import { startReceiver } from "../watch/support.js";

// An IPv6 address that embeds an IPv4 address is delivered to that IPv4 address; it is judged by it.
const EMBEDDED_NON_PUBLIC: [string, string | null][] = [
  ["::7f00:1", null], // IPv4-compatible (deprecated): refused whole
  ["::127.0.0.1", null],
  ["::a9fe:a9fe", null],
  ["::ffff:127.0.0.1", "127.0.0.1"], // IPv4-mapped
  ["::ffff:7f00:1", "127.0.0.1"],
  ["0:0:0:0:0:ffff:10.1.2.3", "10.1.2.3"],
  ["::ffff:0:7f00:1", "127.0.0.1"], // IPv4-translated (SIIT)
  ["2002:7f00:1::1", "127.0.0.1"], // 6to4
  ["2002:a9fe:a9fe::1", "169.254.169.254"],
  ["2002:c0a8:101::", "192.168.1.1"],
  ["2002:0a00:0001:0:0:0:0:1", "10.0.0.1"],
  ["64:ff9b::7f00:1", "127.0.0.1"], // NAT64 well-known prefix
  ["64:ff9b::10.0.0.1", "10.0.0.1"],
  ["64:ff9b::a9fe:a9fe", "169.254.169.254"],
  ["2001:0:4136:e378:8000:63bf:80ff:fffe", null], // Teredo (client 127.0.0.1, obfuscated): refused whole
  ["2001::", null],
  ["64:ff9b:1::a9fe:a9fe", null], // local-use NAT64
];

describe("addresses with an IPv4 address inside", () => {
  it.each(EMBEDDED_NON_PUBLIC)("refuses %s", (ip, inner) => {
    expect(isPublicAddress(ip)).toBe(false);
    if (inner) expect(embeddedIPv4(ip)).toBe(inner);
    expect(receiverUrlProblem(`https://[${ip}]/hook`, false)).not.toBeNull();
  });

  it.each(EMBEDDED_NON_PUBLIC)("refuses a name that resolves to %s", async (ip) => {
    expect(await deliveryRefusal("https://hooks.example.vn/x", false, async () => ["203.162.4.1", ip])).toMatch(/non-public/);
  });

  it("judges a public IPv4 address inside the same forms as public", () => {
    for (const ip of ["::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808", "64:ff9b::203.162.4.1"]) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of ["2001:4860:4860::8888", "2402:800:20ff::1", "8.8.8.8"]) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it("refuses what is not an address, and the plain ranges as before", () => {
    for (const ip of ["", "localhost", "::1", "::", "fe80::1%eth0", "fd00::1", "127.0.0.1", "169.254.169.254", "100.64.0.1"]) expect(isPublicAddress(ip), ip).toBe(false);
  });
});

describe("the pinned connection", () => {
  it("goes to the given address with the URL's name as Host, without resolving the name", async () => {
    const rx = await startReceiver();
    try {
      // .invalid never resolves (RFC 6761): only the pinned address can have carried the request.
      const url = new URL(`http://rebind.invalid:${rx.port}/hooks/ocop`);
      const res = await nodeTransport({ url, address: "127.0.0.1", headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 3000 });
      expect(res.status).toBe(204);
      expect(rx.requests).toHaveLength(1);
      expect(rx.requests[0]!.headers.host).toBe(`rebind.invalid:${rx.port}`);
      // Unpinned, the same URL needs DNS, and fails.
      await expect(nodeTransport({ url, address: null, headers: {}, body: "{}", timeoutMs: 3000 })).rejects.toThrow();
      expect(rx.requests).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });
});
