import { BlockList, isIP } from "node:net";

/*
 * The one rule for which addresses the registry may connect to on someone else's behalf (webhook receivers):
 * public unicast only. An IPv6 address that carries an IPv4 address inside it is judged by that IPv4 address,
 * since the network (a NAT64 gateway, a 6to4 relay, the kernel's mapped-address path) delivers it there:
 * [::ffff:127.0.0.1] and [2002:7f00:1::1] are loopback as much as 127.0.0.1 is.
 */

// Loopback, private, link-local, CGNAT, IETF protocol assignments, documentation, 6to4 relay anycast,
// benchmarking, multicast and reserved (IANA special-purpose registry, RFC 6890).
const blockedV4 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blockedV4.addSubnet(net, prefix, "ipv4");

// Native IPv6 ranges that are never a public receiver. ::/96 covers ::, ::1 and the deprecated IPv4-compatible
// form (::a.b.c.d, RFC 4291 §2.5.5.1), which no host uses; Teredo (2001::/32) lies inside 2001::/23 and hides
// its client's IPv4 address obfuscated, so it is refused whole; 64:ff9b:1::/48 is local-use NAT64 (RFC 8215).
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ["::", 96], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["64:ff9b:1::", 48], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blockedV6.addSubnet(net, prefix, "ipv6");

/** The eight 16-bit groups of an IPv6 address (zone id dropped, a dotted-quad tail read as two groups). */
function groupsOf(ip: string): number[] | null {
  let s = ip.replace(/%.*$/, "");
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const b = quad[1]!.split(".").map(Number);
    s = `${s.slice(0, quad.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail, extra] = s.split("::");
  if (extra !== undefined) return null;
  const part = (x: string | undefined) => (x ? x.split(":").map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/**
 * The IPv4 address an IPv6 address delivers to, for the forms that embed one: IPv4-mapped ::ffff:0:0/96,
 * IPv4-translated ::ffff:0:0:0/96 (SIIT), the NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) and 6to4
 * 2002::/16 (RFC 3056). null for any other address.
 */
export function embeddedIPv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const g = groupsOf(ip);
  if (!g) return null;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

/** Whether the registry may connect to this address on a subscriber's behalf. Anything not an IP is not. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !blockedV4.check(ip, "ipv4");
  if (family !== 6) return false;
  const inner = embeddedIPv4(ip);
  if (inner !== null) return !blockedV4.check(inner, "ipv4");
  return !blockedV6.check(ip.replace(/%.*$/, ""), "ipv6");
}
