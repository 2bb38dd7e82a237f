import { describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/problem.js";
import { WorkQueue } from "../../src/lib/work-queue.js";

/** A job the test finishes by hand, and whether it has started. */
function job<T>(value: T) {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const state = { started: false };
  const run = () => {
    state.started = true;
    return new Promise<T>((resolve, reject) => {
      finish = () => resolve(value);
      fail = reject;
    });
  };
  return { run, state, finish: () => finish(), fail: (e: Error) => fail(e) };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("WorkQueue", () => {
  it("runs at most `concurrency` jobs, starts the waiting ones in arrival order, and refuses past the wait list", async () => {
    const q = new WorkQueue({ concurrency: 2, maxWaiting: 2, initialJobMs: 3000 });
    const jobs = [job("a"), job("b"), job("c"), job("d")];
    const results = jobs.map((j) => q.run(j.run));
    await tick();
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, false, false]);
    expect(q.load).toEqual({ active: 2, waiting: 2 });

    // Full: four jobs ahead of 3 s each over two slots is 6 s.
    const refused = await q.run(async () => "e").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).extra?.retryAfter).toBe(6);

    jobs[1]!.finish();
    await tick();
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, true, false]);
    expect(q.load).toEqual({ active: 2, waiting: 1 });
    // A failing job frees its slot too.
    jobs[0]!.fail(new Error("decode failed"));
    await expect(results[0]).rejects.toThrow("decode failed");
    await tick();
    expect(jobs[3]!.state.started).toBe(true);
    jobs[2]!.finish();
    jobs[3]!.finish();
    expect(await Promise.all(results.slice(1))).toEqual(["b", "c", "d"]);
    expect(q.load).toEqual({ active: 0, waiting: 0 });
  });

  it("learns Retry-After from the jobs it ran, and says at least 1 s", async () => {
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 0, initialJobMs: 60_000 });
    expect(q.retryAfterSeconds()).toBe(1); // nothing ahead
    for (let i = 0; i < 20; i++) await q.run(async () => undefined);
    const slow = job(1);
    const p = q.run(slow.run);
    // One fast job ahead: the mean has fallen from a minute to about nothing.
    expect(q.retryAfterSeconds()).toBe(1);
    const e = await q.run(async () => 2).catch((x: unknown) => x);
    expect((e as AppError).status).toBe(429);
    slow.finish();
    expect(await p).toBe(1);
  });

  it("uses the refusal it is given", async () => {
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 0, refusal: (s) => new AppError(429, "busy-test", { vi: "Bận", en: "Busy" }, undefined, { retryAfter: s }) });
    const hold = job(0);
    const p = q.run(hold.run);
    const e = (await q.run(async () => 1).catch((x: unknown) => x)) as AppError;
    expect([e.status, e.code]).toEqual([429, "busy-test"]);
    hold.finish();
    await p;
  });

  it("rejects a queue that could never run anything", () => {
    expect(() => new WorkQueue({ concurrency: 0, maxWaiting: 1 })).toThrow(RangeError);
  });
});
