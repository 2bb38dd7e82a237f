import { gzipSync } from "node:zlib";

/*
 * W3C Bitstring Status List v1.0 (Recommendation, 15 May 2025), §4: the list is a bitstring of at least
 * 131,072 bits (16 KB, so one list hides any certificate among as many), index 0 the leftmost bit, i.e. the most
 * significant bit of the first byte; `encodedList` is the GZIP of those bytes in base64url with no padding,
 * behind the multibase prefix "u".
 */

export const STATUS_LIST_BITS = 131_072;

export function emptyBitstring(bits = STATUS_LIST_BITS): Uint8Array {
  return new Uint8Array(Math.ceil(bits / 8));
}

export function bitAt(list: Uint8Array, index: number): 0 | 1 {
  return ((list[index >> 3]! >> (7 - (index & 7))) & 1) as 0 | 1;
}

/** A copy of the list with the bit at `index` set to `value`. */
export function withBit(list: Uint8Array, index: number, value: 0 | 1): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) throw new RangeError(`status list index out of range: ${index}`);
  const out = new Uint8Array(list);
  const mask = 1 << (7 - (index & 7));
  out[index >> 3] = value ? out[index >> 3]! | mask : out[index >> 3]! & ~mask;
  return out;
}

/** The `encodedList` of a BitstringStatusList. Fixed gzip settings, so the same bits always encode alike. */
export function encodeBitstring(list: Uint8Array): string {
  return `u${gzipSync(list, { level: 9 }).toString("base64url")}`;
}
