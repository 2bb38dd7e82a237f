import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Logger } from "../../../lib/logger.js";
import { deliveryTarget, type Resolver } from "./receiver.js";
import { nodeTransport, type Transport } from "./transport.js";
import { watchSubscriptions, webhookAttempts, webhookDeliveries } from "../schema.js";
import { sign } from "./signing.js";

/*
 * Sends due deliveries. The HTTP call happens outside any transaction: a slow receiver must not hold locks or
 * a pooled connection. A claim pushes next_attempt_at forward by a lease, so another dispatcher (or the next
 * tick) leaves the row alone while it is being sent, and a crash mid-send only delays it by the lease.
 */

const MINUTE = 60_000;
/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery is given up. */
export const BACKOFF_MS = [1, 5, 30, 120, 360, 720, 1440].map((m) => m * MINUTE);
const LEASE_MS = 5 * MINUTE;
const CONCURRENCY = 5;
const MAX_ERROR = 500;

export type DeliverOptions = {
  db: Db;
  now: Date;
  allowPrivate: boolean;
  /** How the POST is sent; tests may record what would be sent where. */
  transport?: Transport;
  limit?: number;
  timeoutMs?: number;
  /** Jitter source in [0, 1); tests pass () => 0 for exact retry times. */
  random?: () => number;
  /** DNS for the SSRF check; tests pass a fake. */
  resolve?: Resolver;
};

export type DeliverSummary = { delivered: number; retrying: number; failed: number };

type Claimed = { id: number; eventId: string; payload: Record<string, unknown>; attempts: number; url: string; secret: string };
type Outcome = { status: number | null; error: string | null; durationMs: number };

async function claim(db: Db, now: Date, limit: number): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: webhookDeliveries.id, eventId: webhookDeliveries.eventId, payload: webhookDeliveries.payload, attempts: webhookDeliveries.attempts, url: watchSubscriptions.url, secret: watchSubscriptions.secret })
      .from(webhookDeliveries)
      .innerJoin(watchSubscriptions, eq(watchSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(and(lte(webhookDeliveries.nextAttemptAt, now), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt), isNull(watchSubscriptions.disabledAt)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (rows.length) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(webhookDeliveries.id, rows.map((r) => r.id)));
    }
    return rows;
  });
}

const clip = (s: string) => (s.length > MAX_ERROR ? s.slice(0, MAX_ERROR) : s);

async function send(d: Claimed, o: Required<Pick<DeliverOptions, "now" | "allowPrivate" | "transport" | "timeoutMs">> & { resolve?: Resolver | undefined }): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // The name is resolved once, here; the connection goes to the address this check approved.
  const target = await deliveryTarget(d.url, o.allowPrivate, o.resolve);
  if (!target.ok) return { status: null, error: clip(target.refusal), durationMs: elapsed() };
  // The bytes signed are the bytes sent: the receiver verifies the raw body before parsing it.
  const body = JSON.stringify(d.payload);
  const headers = { "content-type": "application/json", "user-agent": "ocop-registry-webhooks/1", ...sign(d.secret, d.eventId, Math.floor(o.now.getTime() / 1000), body) };
  try {
    // A redirect could lead past the address check to an internal host: it is never followed.
    const res = await o.transport({ url: target.url, address: target.address, headers, body, timeoutMs: o.timeoutMs });
    const status = res.status || null;
    if (status !== null && status >= 200 && status < 300) return { status, error: null, durationMs: elapsed() };
    const redirected = status !== null && status >= 300 && status < 400;
    return { status, error: redirected ? "redirect not followed" : null, durationMs: elapsed() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string; name?: string } };
    // node:http reports its signal's timeout as an AbortError caused by the TimeoutError.
    const why = e.name === "TimeoutError" || e.cause?.name === "TimeoutError" ? `timeout after ${o.timeoutMs} ms` : [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(": ");
    return { status: null, error: clip(why), durationMs: elapsed() };
  }
}

async function record(db: Db, d: Claimed, out: Outcome, now: Date, random: () => number): Promise<keyof DeliverSummary> {
  const attempt = d.attempts + 1;
  const ok = out.status !== null && out.status >= 200 && out.status < 300;
  const wait = BACKOFF_MS[d.attempts];
  const result: keyof DeliverSummary = ok ? "delivered" : wait === undefined ? "failed" : "retrying";
  // Jitter spreads the retries of many deliveries that failed together (a receiver's outage).
  const next = wait === undefined ? null : new Date(now.getTime() + wait + Math.floor(wait * 0.1 * random()));
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId: d.id, attempt, at: now, status: out.status, error: out.error, durationMs: out.durationMs });
    await tx
      .update(webhookDeliveries)
      .set(result === "delivered" ? { attempts: attempt, deliveredAt: now, nextAttemptAt: null } : result === "failed" ? { attempts: attempt, failedAt: now, nextAttemptAt: null } : { attempts: attempt, nextAttemptAt: next })
      // A subscription disabled meanwhile has already failed its pending deliveries; that stands.
      .where(and(eq(webhookDeliveries.id, d.id), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt)));
  });
  return result;
}

export async function deliverDue(opts: DeliverOptions): Promise<DeliverSummary> {
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 };
  const claimed = await claim(opts.db, opts.now, opts.limit ?? 20);
  const sendOpts = { now: opts.now, allowPrivate: opts.allowPrivate, transport: opts.transport ?? nodeTransport, timeoutMs: opts.timeoutMs ?? 10_000, resolve: opts.resolve };
  const queue = [...claimed];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const out = await send(d, sendOpts);
      summary[await record(opts.db, d, out, opts.now, opts.random ?? Math.random)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  return summary;
}

/** Runs deliverDue every interval, never two runs at once; the returned stop waits for the run in flight. */
export function startWebhookDispatcher(deps: { db: Db; now: () => Date; allowPrivate: boolean; logger: Logger }, intervalMs = 15_000): () => Promise<void> {
  const limit = 20;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    // A full batch means more may be due: keep going rather than wait a whole interval.
    for (;;) {
      const s = await deliverDue({ db: deps.db, now: deps.now(), allowPrivate: deps.allowPrivate, limit });
      if (s.delivered + s.retrying + s.failed) deps.logger.info("webhooks sent", s);
      if (stopped || s.delivered + s.retrying + s.failed < limit) return;
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = run()
      .catch((err: unknown) => deps.logger.error("webhook dispatcher failed", { err: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
