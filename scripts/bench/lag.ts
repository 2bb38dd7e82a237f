import { getFresh, sleep } from "./util.js";

/*
 * Invalidation lag across a cluster's processes (`void_lag_ms`, `cert_lag_ms`). The stamp is first scanned on
 * new connections until every worker has answered it several times (so each holds its view in its cache), then
 * the change is committed from the bench's own connection, then GET /s/{code} is polled on new connections (the
 * primary hands them to the workers in turn) until `STREAK` polls in a row, answered by every worker, give the
 * wanted verdict. The lag is from the commit to the arrival of the first answer of that streak.
 */

const STREAK = 10;
const TIMEOUT_MS = 10_000;

type Poll = { verdict: string | null; pid: string | null; ok: boolean };

async function poll(port: number, code: string): Promise<Poll> {
  const r = await getFresh(`http://127.0.0.1:${port}/s/${code}`, { accept: "application/json", "user-agent": "bench-lag" });
  let verdict: string | null = null;
  try {
    verdict = (JSON.parse(r.body) as { verdict?: string }).verdict ?? null;
  } catch {
    /* not JSON: an error page */
  }
  return { verdict, pid: r.pid, ok: r.status === 200 };
}

export type LagResult = { lagMs: number | null; polls: number; workers: number; before: string | null };

export async function invalidationLag(o: { port: number; code: string; workers: number; want: string; change: () => Promise<unknown>; answered: { n: number } }): Promise<LagResult> {
  // Cached in every worker: at least 5 answers from each, none of them already the wanted verdict.
  const seen = new Map<string, number>();
  let before: string | null = null;
  for (let i = 0; i < 400 && ([...seen.values()].filter((n) => n >= 5).length < o.workers); i++) {
    const p = await poll(o.port, o.code);
    if (p.ok) o.answered.n++;
    if (p.verdict === o.want) throw new Error(`${o.code} already answers ${o.want} before the change`);
    before = p.verdict;
    if (p.pid) seen.set(p.pid, (seen.get(p.pid) ?? 0) + 1);
  }
  if ([...seen.values()].filter((n) => n >= 5).length < o.workers) throw new Error(`the polls reached ${seen.size} of ${o.workers} workers`);

  await o.change();
  const committed = performance.now();
  let streak = 0;
  let firstAt = 0;
  const streakPids = new Set<string>();
  let polls = 0;
  while (performance.now() - committed < TIMEOUT_MS) {
    const p = await poll(o.port, o.code);
    polls++;
    if (p.ok) o.answered.n++;
    if (p.verdict === o.want) {
      if (streak === 0) {
        firstAt = performance.now();
        streakPids.clear();
      }
      streak++;
      if (p.pid) streakPids.add(p.pid);
      if (streak >= STREAK && streakPids.size >= o.workers) return { lagMs: Math.round((firstAt - committed) * 10) / 10, polls, workers: streakPids.size, before };
    } else {
      streak = 0;
      await sleep(1);
    }
  }
  return { lagMs: null, polls, workers: streakPids.size, before };
}
