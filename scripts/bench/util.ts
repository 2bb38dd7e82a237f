import { request } from "node:http";

/** Small helpers shared by the bench's parts. */

export const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
/** Rows of a drizzle `execute` on either driver. */
export const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/** Which parts `BENCH_SKIP` (comma-separated) leaves out. */
const skipped = new Set((process.env.BENCH_SKIP ?? "").split(",").map((s) => s.trim()).filter(Boolean));
export const skip = (part: string) => skipped.has(part);

export async function waitFor(url: string, tries = 120) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  throw new Error(`${url} did not come up`);
}

/**
 * One GET on a new connection (no keep-alive), so that a cluster's primary hands each one to the next worker:
 * fetch would reuse one connection, hence one worker. `x-bench-pid` asks a cluster worker to name itself.
 */
export function getFresh(url: string, headers: Record<string, string> = {}): Promise<{ status: number; pid: string | null; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", agent: false, headers: { connection: "close", "x-bench-pid": "1", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, pid: (res.headers["x-worker-pid"] as string | undefined) ?? null, body }));
      res.on("error", reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}
