import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bitAt, emptyBitstring, encodeBitstring, STATUS_LIST_BITS, withBit } from "../../src/lib/bitstring-status-list.js";

/* Bitstring Status List v1.0 §4: index 0 is the leftmost bit, the most significant bit of the first byte. */

describe("the status list bitstring", () => {
  it("is 131,072 bits, counts bits from the most significant bit of the first byte, and sets one bit at a time", () => {
    const empty = emptyBitstring();
    expect(empty.length * 8).toBe(STATUS_LIST_BITS);
    expect(withBit(empty, 0, 1)[0]).toBe(0x80);
    expect(withBit(empty, 7, 1)[0]).toBe(0x01);
    expect(withBit(empty, 9, 1)[1]).toBe(0x40);
    const last = withBit(empty, STATUS_LIST_BITS - 1, 1);
    expect(last[last.length - 1]).toBe(0x01);
    for (const i of [0, 1, 7, 8, 12345, STATUS_LIST_BITS - 1]) {
      const one = withBit(empty, i, 1);
      expect([...Array(STATUS_LIST_BITS).keys()].filter((j) => bitAt(one, j) === 1)).toEqual([i]);
      expect(withBit(one, i, 0)).toEqual(empty);
    }
    // A copy each time: the stored list is never changed in place.
    expect(empty.every((b) => b === 0)).toBe(true);
    expect(() => withBit(empty, STATUS_LIST_BITS, 1)).toThrow(RangeError);
    expect(() => withBit(empty, -1, 1)).toThrow(RangeError);
  });

  it("encodes as multibase base64url ('u') of the GZIP of the bytes, the same bits always alike", () => {
    const bits = withBit(withBit(emptyBitstring(), 3, 1), 94_567, 1);
    const encoded = encodeBitstring(bits);
    expect(encoded[0]).toBe("u");
    expect(encoded.slice(1)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), "base64url")))).toEqual(bits);
    expect(encodeBitstring(new Uint8Array(bits))).toBe(encoded);
  });
});
