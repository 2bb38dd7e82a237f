import { afterAll, describe, expect, it } from "vitest";
import { POOL_FROM, qrPool, withQrPaths } from "../../src/lib/pdf/qr-pool.js";
import { qrPath } from "../../src/lib/pdf/qr.js";

async function* items(n: number) {
  for (let i = 0; i < n; i++) yield { i, url: `https://ocop.hatinh.gov.vn/s/CODE${String(i).padStart(8, "0")}` };
}

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

afterAll(() => qrPool.stop());

describe("QR symbols encoded on worker threads for a large sheet", () => {
  it("gives every item its own symbol, in order, as inline encoding would", async () => {
    const n = POOL_FROM + 300;
    const got = await collect(withQrPaths(items(n)));
    expect(got.map((g) => g.i)).toEqual([...Array(n).keys()]);
    for (const k of [0, 1, POOL_FROM - 1, POOL_FROM, n - 1]) expect(got[k]!.qr).toEqual(qrPath(got[k]!.url));
  }, 60_000);

  it("never starts a worker for a small sheet, and uses the pool for a large one", async () => {
    const calls: number[] = [];
    const spy = { paths: async (urls: string[]) => (calls.push(urls.length), urls.map(qrPath)) };
    expect(await collect(withQrPaths(items(POOL_FROM - 1), spy))).toHaveLength(POOL_FROM - 1);
    expect(calls).toEqual([]);
    expect(await collect(withQrPaths(items(POOL_FROM * 3 + 5), spy))).toHaveLength(POOL_FROM * 3 + 5);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(POOL_FROM * 3 + 5);
  });

  it("ends the sheet with the worker's error instead of hanging", async () => {
    const broken = { paths: async () => Promise.reject(new Error("worker died")) };
    await expect(collect(withQrPaths(items(POOL_FROM + 1), broken))).rejects.toThrow("worker died");
  });
});
