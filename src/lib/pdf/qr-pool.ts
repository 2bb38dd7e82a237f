import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { qrPath, type QrPath } from "./qr.js";

/*
 * QR symbols for a large stamp sheet, encoded on worker threads while the main thread writes the PDF: encoding
 * and choosing a mask is about half of a sheet's CPU time, so on two cores the sheet becomes bound by PDF writing
 * alone. Workers start on the first large sheet (≈0.5 s, hence only for large sheets), are shared by all
 * downloads, never keep the process alive, and stop after a minute without work.
 */

const IDLE_MS = 60_000;
type Job = { resolve(paths: QrPath[]): void; reject(err: Error): void };

class QrPool {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private jobs = new Map<number, Job>();
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly threads: number) {}

  paths(urls: string[]): Promise<QrPath[]> {
    if (this.threads === 0) return Promise.resolve(urls.map(qrPath));
    if (this.idle) clearTimeout(this.idle);
    const worker = this.worker();
    const id = ++this.seq;
    return new Promise<QrPath[]>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage({ id, urls });
    });
  }

  private worker(): Worker {
    if (this.workers.length < this.threads) {
      const w = new Worker(new URL("../ts-worker.mjs", import.meta.url), { workerData: { module: new URL("./qr-worker.ts", import.meta.url).href } });
      w.unref();
      w.on("message", ({ id, paths }: { id: number; paths: QrPath[] }) => this.settle(id, (job) => job.resolve(paths)));
      w.on("error", (err) => this.fail(w, err));
      w.on("exit", (code) => code !== 0 && this.fail(w, new Error(`QR worker exited with ${code}`)));
      this.workers.push(w);
    }
    const w = this.workers[this.next++ % this.workers.length]!;
    return w;
  }

  private settle(id: number, f: (job: Job) => void): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    f(job);
    if (this.jobs.size === 0) this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
  }

  /** A worker that crashed fails every job in flight (the download ends with an error); the next sheet starts afresh. */
  private fail(w: Worker, err: Error): void {
    this.workers = this.workers.filter((x) => x !== w);
    for (const [id, job] of this.jobs) {
      this.jobs.delete(id);
      job.reject(err);
    }
  }

  async stop(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/** One worker per core beyond the one writing the PDF (at least one). */
export const qrPool = new QrPool(Math.max(1, availableParallelism() - 1));

/** Below this many stamps a worker's start-up costs more than it saves: the symbols are encoded inline. */
export const POOL_FROM = 512;
const CHUNK = 256;
const AHEAD = 3;
/** At most this many items are read ahead of the one being yielded: the memory bound of a sheet of any length. */
export const MAX_READ_AHEAD = POOL_FROM + AHEAD * CHUNK;

/**
 * The items with their QR paths, in order. Large runs go to the pool in chunks, a few chunks ahead of the reader,
 * so memory stays bounded (AHEAD × CHUNK symbols) however long the sheet.
 */
export async function* withQrPaths<T extends { url: string }>(items: AsyncIterable<T>, pool: Pick<QrPool, "paths"> = qrPool): AsyncGenerator<T & { qr: QrPath }> {
  const source = items[Symbol.asyncIterator]();
  const readChunk = async (size: number): Promise<T[]> => {
    const out: T[] = [];
    while (out.length < size) {
      const r = await source.next();
      if (r.done) break;
      out.push(r.value);
    }
    return out;
  };
  // A small sheet (the first POOL_FROM items are all there is) never starts a worker.
  const head = await readChunk(POOL_FROM);
  if (head.length < POOL_FROM) {
    for (const item of head) yield { ...item, qr: qrPath(item.url) };
    return;
  }
  const pending: { items: T[]; paths: Promise<QrPath[]> }[] = [];
  const submit = (chunk: T[]) => {
    const paths = pool.paths(chunk.map((i) => i.url));
    paths.catch(() => {}); // awaited below, in order; a rejection must not be "unhandled" meanwhile
    pending.push({ items: chunk, paths });
  };
  for (let i = 0; i < head.length; i += CHUNK) submit(head.slice(i, i + CHUNK));
  let done = false;
  try {
    while (pending.length) {
      while (!done && pending.length < AHEAD) {
        const chunk = await readChunk(CHUNK);
        if (chunk.length === 0) done = true;
        else submit(chunk);
      }
      const { items: chunk, paths } = pending.shift()!;
      const qrs = await paths;
      for (let k = 0; k < chunk.length; k++) yield { ...chunk[k]!, qr: qrs[k]! };
    }
  } finally {
    await source.return?.();
  }
}
