import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/modules/audit/schema.js";
import { deliverDue, BACKOFF_MS } from "../../src/modules/watch/services/dispatcher.js";
import { enqueueCertificateChange, refreshWatches } from "../../src/modules/watch/services/outbox.js";
import { deliveryRefusal, isPublicAddress } from "../../src/modules/watch/services/receiver.js";
import { webhookDeliveries } from "../../src/modules/watch/schema.js";
import { newSecret, sign, verify } from "../../src/modules/watch/services/signing.js";
import { apiAs, ok } from "../cycle/support.js";
import { grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createCertificate, startReceiver, subscribe, watchWorld, type WatchWorld } from "./support.js";

// The app does not mount the watch routes yet; mounting before the first request is what createApp would do.
async function appWithWatch(config: Parameters<typeof createTestApp>[0] = {}) {
  const t = await createTestApp(config);
  return t;
}

const change = (t: TestApp, certificateId: number, status: string, stars: number) =>
  t.database.db.transaction((tx) => enqueueCertificateChange(tx, { certificateId, status, stars, reason: status === "revoked" ? { vi: "Vi phạm", en: "Breach" } : null, at: t.clock.now(), publicUrl: `https://ocop.test/c/${certificateId}` }));

const deliver = (t: TestApp, over: Partial<Parameters<typeof deliverDue>[0]> = {}) => deliverDue({ db: t.database.db, now: t.clock.now(), allowPrivate: true, random: () => 0, ...over });

const log = async (w: WatchWorld, id: number) => (await ok(w.operator.api("GET", `/api/watch/subscriptions/${id}/deliveries`))).items;

describe("signing", () => {
  it("signs per Standard Webhooks and verifies only the same bytes, key and time", () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const now = new Date("2026-03-01T03:00:00Z");
    const ts = now.getTime() / 1000;
    const h = sign(secret, "evt_1", ts, '{"a":1}');
    expect(h["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verify(secret, h, '{"a":1}', now)).toBe(true);
    expect(verify(secret, h, '{"a":2}', now)).toBe(false);
    expect(verify(newSecret(), h, '{"a":1}', now)).toBe(false);
    expect(verify(secret, h, '{"a":1}', new Date(now.getTime() + 301_000))).toBe(false);
    expect(verify(secret, { ...h, "webhook-signature": `v1,bad ${h["webhook-signature"]}` }, '{"a":1}', now)).toBe(true);
  });

  it("matches the Standard Webhooks reference vector", () => {
    // From the standardwebhooks specification's test suite.
    const h = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(h["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });
});

describe("receiver addresses", () => {
  it("tells public from loopback, private, link-local and mapped addresses", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1"]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ["203.162.4.1", "8.8.8.8", "2001:4860:4860::8888"]) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it("refuses a name that resolves to any private address, and accepts an all-public one", async () => {
    expect(await deliveryRefusal("https://hooks.example.vn/x", false, async () => ["203.162.4.1", "10.0.0.5"])).toMatch(/10\.0\.0\.5/);
    expect(await deliveryRefusal("https://hooks.example.vn/x", false, async () => ["203.162.4.1"])).toBeNull();
    expect(await deliveryRefusal("http://hooks.example.vn/x", false, async () => ["203.162.4.1"])).toMatch(/https/);
  });
});

describe("certificate watches (private receivers allowed, as in tests)", () => {
  let t: TestApp;
  let w: WatchWorld;
  beforeAll(async () => {
    t = await appWithWatch();
    w = await watchWorld(t);
  });
  afterAll(() => t.close());

  it("delivers a signed webhook when a watched certificate is revoked", async () => {
    const rx = await startReceiver();
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, rx.url, [certId, certId]), 201);
      expect(sub.secret).toMatch(/^whsec_/);
      expect(sub.certificateIds).toEqual([certId]);

      expect(await change(t, certId, "revoked", 4)).toBe(1);
      expect(await deliver(t)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(rx.requests).toHaveLength(1);
      const req = rx.requests[0]!;
      expect(req.method).toBe("POST");
      expect(req.headers["content-type"]).toBe("application/json");
      expect(verify(sub.secret, req.headers as Record<string, string>, req.body, t.clock.now())).toBe(true);
      expect(verify(sub.secret, req.headers as Record<string, string>, req.body.replace("revoked", "valid"), t.clock.now())).toBe(false);
      const body = JSON.parse(req.body);
      expect(body).toMatchObject({ type: "certificate.status_changed", certificateId: certId, status: "revoked", previousStatus: "valid", stars: 4, previousStars: 4, reason: { vi: "Vi phạm", en: "Breach" } });
      expect(req.headers["webhook-id"]).toBe((await log(w, sub.id))[0].eventId);

      // Delivered once: nothing more is due.
      expect(await deliver(t)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      // The secret is shown once: never in later reads nor in the audit log.
      const read = await ok(w.operator.api("GET", `/api/watch/subscriptions/${sub.id}`));
      expect(read.secret).toBeUndefined();
      expect(read.certificateIds).toEqual([certId]);
      const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectType, "watch_subscription"));
      expect(audits.some((a) => a.action === "watch.subscribe" && a.subjectId === String(sub.id))).toBe(true);
      expect(JSON.stringify(audits)).not.toContain(sub.secret);
    } finally {
      await rx.close();
    }
  });

  it("a star change wins over the status it comes with", async () => {
    const rx = await startReceiver();
    try {
      const certId = await createCertificate(t, w, 3);
      await ok(subscribe(w.operator.api, rx.url, [certId]), 201);
      expect(await change(t, certId, "superseded", 4)).toBe(1);
      await deliver(t);
      expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ type: "certificate.stars_changed", stars: 4, previousStars: 3, status: "superseded", previousStatus: "valid" });
    } finally {
      await rx.close();
    }
  });

  it("retries a failed delivery after the backoff, and logs every attempt", async () => {
    const rx = await startReceiver([500], 204);
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, rx.url, [certId]), 201);
      await change(t, certId, "suspended", 4);
      expect(await deliver(t)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      expect(await deliver(t)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      expect(rx.requests).toHaveLength(1);
      expect(await deliver(t, { now: new Date(t.clock.now().getTime() + 61_000) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(rx.requests).toHaveLength(2);
      // The same event id across retries: the receiver deduplicates on it.
      expect(rx.requests[1]!.headers["webhook-id"]).toBe(rx.requests[0]!.headers["webhook-id"]);
      const [d] = await log(w, sub.id);
      expect(d).toMatchObject({ eventType: "certificate.status_changed", attempts: 2, failedAt: null, nextAttemptAt: null });
      expect(d.deliveredAt).not.toBeNull();
      expect(d.attemptLog.map((a: any) => a.status)).toEqual([500, 204]);
      expect(d.attemptLog.every((a: any) => Number.isInteger(a.durationMs))).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it("enqueues nothing when nothing changed, and nothing for a disabled subscription", async () => {
    const rx = await startReceiver();
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, rx.url, [certId]), 201);
      expect(await change(t, certId, "valid", 4)).toBe(0);

      // A change pending at disabling is failed, never sent.
      expect(await change(t, certId, "expiring", 4)).toBe(1);
      const disabled = await ok(w.operator.api("DELETE", `/api/watch/subscriptions/${sub.id}`));
      expect(disabled.disabledAt).not.toBeNull();
      expect(await change(t, certId, "expired", 4)).toBe(0);
      expect(await deliver(t)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      expect(rx.requests).toHaveLength(0);
      const [d] = await log(w, sub.id);
      expect(d.failedAt).not.toBeNull();
      expect((await w.operator.api("POST", `/api/watch/subscriptions/${sub.id}/ping`)).status).toBe(409);
      const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "watch.disable"));
      expect(audits.map((a) => a.subjectId)).toContain(String(sub.id));
    } finally {
      await rx.close();
    }
  });

  it("gives up after the last backoff", async () => {
    const rx = await startReceiver([], 503);
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, rx.url, [certId]), 201);
      await change(t, certId, "revoked", 4);
      let now = t.clock.now().getTime();
      const results = [];
      for (let i = 0; i <= BACKOFF_MS.length; i++) {
        results.push(await deliver(t, { now: new Date(now) }));
        now += (BACKOFF_MS[i] ?? 0) + 1000;
      }
      expect(results.slice(0, -1).every((r) => r.retrying === 1)).toBe(true);
      expect(results.at(-1)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
      expect(rx.requests).toHaveLength(BACKOFF_MS.length + 1);
      const [d] = await log(w, sub.id);
      expect(d.failedAt).not.toBeNull();
      expect(d.attempts).toBe(BACKOFF_MS.length + 1);
      expect(await deliver(t, { now: new Date(now + 7 * 86_400_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    } finally {
      await rx.close();
    }
  });

  it("adds certificates, pings, and the daily refresh notices date-driven changes once", async () => {
    const rx = await startReceiver();
    try {
      const [a, b] = [await createCertificate(t, w), await createCertificate(t, w)];
      const sub = await ok(subscribe(w.operator.api, rx.url, [a]), 201);
      const more = await ok(w.operator.api("POST", `/api/watch/subscriptions/${sub.id}/certificates`, { certificateIds: [a, b] }));
      expect(more.certificateIds).toEqual([a, b]);
      const missing = await w.operator.api("POST", `/api/watch/subscriptions/${sub.id}/certificates`, { certificateIds: [a, 987654] });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].en).toContain("987654");
      expect(missing.body.i18n.vi.title).toBeTruthy();

      const ping = await ok(w.operator.api("POST", `/api/watch/subscriptions/${sub.id}/ping`), 202);
      await deliver(t);
      expect(rx.requests.map((r) => JSON.parse(r.body).type)).toEqual(["ping"]);
      expect(rx.requests[0]!.headers["webhook-id"]).toBe(ping.eventId);

      const statuses = async (ids: number[]) => new Map(ids.map((id) => [id, { status: id === b ? "expiring" : "valid", stars: 4, publicUrl: `/c/${id}` }]));
      expect(await refreshWatches(t.database.db, t.clock.now(), statuses)).toBeGreaterThanOrEqual(1);
      expect(await refreshWatches(t.database.db, t.clock.now(), statuses)).toBe(0);
      await deliver(t);
      const sent = rx.requests.slice(1).map((r) => JSON.parse(r.body));
      expect(sent).toEqual([expect.objectContaining({ certificateId: b, status: "expiring", previousStatus: "valid", url: `/c/${b}` })]);

      const list = await ok(w.operator.api("GET", "/api/watch/subscriptions"));
      expect(list.items.find((s: any) => s.id === sub.id)).toMatchObject({ certificateCount: 2, disabledAt: null });
    } finally {
      await rx.close();
    }
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    const rx = await startReceiver([302], 204);
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, rx.url, [certId]), 201);
      await change(t, certId, "revoked", 4);
      expect(await deliver(t)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      expect(rx.requests).toHaveLength(1);
      const [d] = await log(w, sub.id);
      expect(d.attemptLog[0]).toMatchObject({ status: 302, error: "redirect not followed" });
    } finally {
      await rx.close();
    }
  });

  it("shows a subscription only to its owner, and the API only to signed-in users with the role", async () => {
    const certId = await createCertificate(t, w);
    const sub = await ok(subscribe(w.operator.api, "http://127.0.0.1:9/hook", [certId]), 201);
    const other = await signedInUser(t.app, t.database.db, [grant("retail_operator", w.shop)]);
    const otherApi = apiAs(t, other.session);
    for (const [method, path] of [["GET", ""], ["GET", "/deliveries"], ["DELETE", ""], ["POST", "/ping"]] as const) {
      const r = await otherApi(method, `/api/watch/subscriptions/${sub.id}${path}`);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await ok(otherApi("GET", "/api/watch/subscriptions"))).items).toEqual([]);

    const anon = await t.app.request(`/api/watch/subscriptions/${sub.id}`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toContain("application/problem+json");

    const officer = await signedInUser(t.app, t.database.db, [grant("commune_officer", w.commune)]);
    const denied = await apiAs(t, officer.session)("GET", "/api/watch/subscriptions");
    expect(denied.status).toBe(403);
    expect(denied.body.i18n.en.title).toBe("Not allowed");
  });

  it("validates the subscription body with bilingual problems", async () => {
    const certId = await createCertificate(t, w);
    for (const body of [
      { url: "ftp://x.example/hook", certificateIds: [certId] },
      { url: "https://user:pw@x.example/hook", certificateIds: [certId] },
      { url: "https://x.example/" + "a".repeat(2001), certificateIds: [certId] },
      { url: "https://x.example/hook", certificateIds: [] },
      { url: "https://x.example/hook", certificateIds: Array.from({ length: 501 }, (_, i) => i + 1) },
      { url: "https://x.example/hook", certificateIds: [certId, 99999] },
      { url: "https://x.example/hook", certificateIds: [certId], extra: 1 },
    ]) {
      const r = await w.operator.api("POST", "/api/watch/subscriptions", body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.i18n.vi.title).toBe("Dữ liệu không hợp lệ");
      expect(r.body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe("certificate watches on the public internet only (SSRF guard)", () => {
  let t: TestApp;
  let w: WatchWorld;
  beforeAll(async () => {
    t = await appWithWatch({ config: { webhookAllowPrivate: false } });
    w = await watchWorld(t);
  });
  afterAll(() => t.close());

  it("refuses http and private literal addresses at subscription", async () => {
    const certId = await createCertificate(t, w);
    for (const url of [
      "http://127.0.0.1/hook", "https://127.0.0.1/hook", "https://[::1]/hook", "https://169.254.169.254/latest", "https://10.0.0.1/hook",
      // IPv6 forms that carry a loopback or link-local IPv4 address inside them.
      "https://[::7f00:1]/hook", "https://[::127.0.0.1]/hook", "https://[2002:7f00:1::1]/hook", "https://[2002:a9fe:a9fe::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[64:ff9b::a9fe:a9fe]/hook",
    ]) {
      const r = await subscribe(w.operator.api, url, [certId]);
      expect(r.status, url).toBe(400);
      expect(r.body.errors[0].path).toBe("url");
      expect(r.body.errors[0].vi).toBeTruthy();
    }
  });

  it("refuses at delivery a name that resolves to loopback, without sending anything", async () => {
    const rx = await startReceiver();
    try {
      const certId = await createCertificate(t, w);
      const sub = await ok(subscribe(w.operator.api, `https://localhost:${rx.port}/hooks/ocop`, [certId]), 201);
      await change(t, certId, "revoked", 4);
      expect(await deliver(t, { allowPrivate: false })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      expect(rx.requests).toHaveLength(0);
      const [d] = await log(w, sub.id);
      expect(d.attemptLog).toHaveLength(1);
      expect(d.attemptLog[0].status).toBeNull();
      expect(d.attemptLog[0].error).toMatch(/refused: localhost resolves to the non-public address/);
      const [row] = await t.database.db.select().from(webhookDeliveries).where(like(webhookDeliveries.eventType, "certificate.%")).limit(1);
      expect(row?.attempts).toBe(1);
    } finally {
      await rx.close();
    }
  });

  // DNS rebinding: the name answers a public address to the check and loopback to whoever asks next.
  const rebinding = () => {
    const asked: string[] = [];
    const answers = [["93.184.216.34"], ["127.0.0.1"]];
    return { asked, resolve: async (host: string) => (asked.push(host), answers[Math.min(asked.length - 1, 1)]!) };
  };

  it("connects to the address it checked, not to a second answer for the name", async () => {
    const certId = await createCertificate(t, w);
    const sub = await ok(subscribe(w.operator.api, "https://rebind.example.vn/hooks/ocop", [certId]), 201);
    await change(t, certId, "suspended", 4);
    const dns = rebinding();
    const sent: { url: string; address: string | null; host: string | undefined }[] = [];
    const summary = await deliver(t, {
      allowPrivate: false,
      resolve: dns.resolve,
      transport: async (req) => (sent.push({ url: req.url.href, address: req.address, host: req.headers.host }), { status: 204 }),
    });
    expect(summary.delivered).toBeGreaterThanOrEqual(1);
    // One resolution per delivery, and the POST pinned to its answer; the URL (Host, SNI) keeps the name.
    expect(dns.asked).toEqual(sent.map(() => "rebind.example.vn"));
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const s of sent) expect(s).toEqual({ url: "https://rebind.example.vn/hooks/ocop", address: "93.184.216.34", host: undefined });
    expect((await log(w, sub.id))[0].attemptLog[0]).toMatchObject({ status: 204, error: null });
  });

  it("over a real socket: a loopback receiver the rebinding name points to next receives nothing", async () => {
    const rx = await startReceiver();
    try {
      const certId = await createCertificate(t, w);
      await ok(subscribe(w.operator.api, `https://rebind.example.vn:${rx.port}/hooks/ocop`, [certId]), 201);
      await change(t, certId, "revoked", 4);
      const dns = rebinding();
      // The connection goes to 93.184.216.34 (unreachable from here, or refusing): it fails, and nothing
      // reaches 127.0.0.1, where a fetch that resolved the name again would have gone.
      const summary = await deliver(t, { allowPrivate: false, resolve: dns.resolve, timeoutMs: 1500 });
      expect(summary.delivered).toBe(0);
      expect(rx.requests).toHaveLength(0);
      expect(dns.asked.every((h) => h === "rebind.example.vn")).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
