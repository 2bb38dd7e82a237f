import { type AppError, tooManyRequests } from "./problem.js";

export type WorkQueueOptions = {
  /** Jobs that run at once. */
  concurrency: number;
  /** Jobs that may wait for a slot; one more is refused with a 429. */
  maxWaiting: number;
  /** The duration assumed for a job before any has been measured, in ms (for Retry-After). */
  initialJobMs?: number;
  /** The 429 to throw when the wait list is full (default: the generic "too many requests"). */
  refusal?: (retryAfterSeconds: number) => AppError;
};

/**
 * A bounded queue for CPU-heavy work that runs off the event loop but on libuv's small thread pool (sharp's
 * decodes and encodes): at most `concurrency` jobs at once, at most `maxWaiting` more waiting, and past that an
 * immediate 429 whose Retry-After is the time the queue ahead is expected to take. Without it, four slow decodes
 * held all four pool threads and a sign-in's scrypt (which needs one) waited behind them for 40 s.
 */
export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  // An exponentially weighted mean of job durations, so Retry-After follows what the jobs really cost here.
  private meanMs: number;

  constructor(private readonly opts: WorkQueueOptions) {
    if (!(opts.concurrency >= 1) || !(opts.maxWaiting >= 0)) throw new RangeError("WorkQueue needs concurrency ≥ 1 and maxWaiting ≥ 0");
    this.meanMs = opts.initialJobMs ?? 1000;
  }

  /** Jobs running and waiting now. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** Seconds until a slot is likely free for a newcomer: the work ahead spread over the slots, at least 1. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.active + this.waiting.length) * this.meanMs) / this.opts.concurrency / 1000));
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.opts.concurrency) this.active++;
    else if (this.waiting.length < this.opts.maxWaiting) await new Promise<void>((slot) => this.waiting.push(slot)); // the slot is handed over, already counted
    else throw (this.opts.refusal ?? tooManyRequests)(this.retryAfterSeconds());
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.meanMs = 0.7 * this.meanMs + 0.3 * (performance.now() - started);
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
