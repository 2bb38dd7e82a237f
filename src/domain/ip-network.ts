/*
 * Which network an address belongs to: the first bits of an IPv4 or IPv6 address, as text that is the same for
 * every address in that network ("203.0.113.0/24", "2001:db8:ab::/48"). Pure and total: text that is not an
 * address (a missing socket address, "unknown") is its own network, so it can never merge with a real one.
 */

/** The 4 bytes of a dotted-quad IPv4 address, or null. */
function ipv4Bytes(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

/** The 8 hextets of an IPv6 address (with "::", an IPv4 tail and a zone id allowed), or null. */
function ipv6Hextets(input: string): number[] | null {
  const s = input.replace(/%.*$/, "").toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(s) || !s.includes(":")) return null;
  // An IPv4 tail ("::ffff:192.0.2.1") is rewritten as its two hextets.
  const lastColon = s.lastIndexOf(":");
  let head = s;
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = ipv4Bytes(s.slice(lastColon + 1));
    if (!v4) return null;
    head = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const parts = head.split("::");
  if (parts.length > 2) return null;
  const group = (g: string) => (g === "" ? [] : g.split(":"));
  const left = group(parts[0]!);
  const right = parts.length === 2 ? group(parts[1]!) : [];
  const valid = (h: string) => /^[0-9a-f]{1,4}$/.test(h);
  if (![...left, ...right].every(valid)) return null;
  const known = left.length + right.length;
  if (parts.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...left.map((h) => parseInt(h, 16)), ...zeros, ...right.map((h) => parseInt(h, 16))];
}

export type Prefixes = { ipv4Bits: number; ipv6Bits: number };

// Parsing costs microseconds and sits on the scan path, while a server sees the same addresses again and again:
// answers are remembered per set of prefixes (bounded; forgotten all at once when full).
const memo = new WeakMap<Prefixes, Map<string, string>>();
const MEMO_MAX = 50_000;

/** The network of `address` at the given prefix lengths; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function networkOf(address: string, prefixes: Prefixes): string {
  let known = memo.get(prefixes);
  if (!known) memo.set(prefixes, (known = new Map()));
  let network = known.get(address);
  if (network === undefined) {
    if (known.size >= MEMO_MAX) known.clear();
    network = parseNetwork(address, prefixes);
    known.set(address, network);
  }
  return network;
}

function parseNetwork(address: string, prefixes: Prefixes): string {
  const a = address.trim();
  let v4 = ipv4Bytes(a);
  const v6 = v4 ? null : ipv6Hextets(a);
  if (v6 && v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) v4 = [v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255];
  if (v4) return `${maskBytes(v4, 8, prefixes.ipv4Bits).join(".")}/${prefixes.ipv4Bits}`;
  if (v6) return `${maskBytes(v6, 16, prefixes.ipv6Bits).map((h) => h.toString(16)).join(":")}/${prefixes.ipv6Bits}`;
  return `?${a.slice(0, 100)}`;
}

/** Keeps the first `bits` bits of a big-endian list of `width`-bit words, zeroing the rest. */
function maskBytes(words: number[], width: number, bits: number): number[] {
  return words.map((w, i) => {
    const keep = Math.max(0, Math.min(width, bits - i * width));
    return keep === 0 ? 0 : w & (((1 << keep) - 1) << (width - keep));
  });
}
