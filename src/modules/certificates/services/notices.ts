import { and, desc, eq, inArray, or } from "drizzle-orm";
import { can, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { Db } from "../../../db/client.js";
import { firstDayNotInForce, reevaluationWindow } from "../../../domain/certificate-status.js";
import { vnToday } from "../../../lib/dates.js";
import { formatDate } from "../../../lib/i18n.js";
import { unauthenticated } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { adminUnits } from "../../units/schema.js";
import { eventsOf, stateOf } from "../queries.js";
import type { WindowItem } from "../inputs.js";
import { certificates, notifications, recognitionDecisions } from "../schema.js";

/*
 * Reminders of the re-evaluation window (Art. 7.6a): which certificates are in it, and a daily job that
 * records one notice per certificate for its producer and one for the provincial office when the window opens,
 * and another when the certificate expires. Notices are keyed (certificate, kind), so the job can run any
 * number of times a day, or after a crash, and each notice exists once.
 */

async function certificatesInWindow(db: Db, today: string, provinceIds?: number[]): Promise<(WindowItem & { provinceId: number })[]> {
  const rows = await db
    .select({ c: certificates, provinceId: recognitionDecisions.unitId })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .where(provinceIds ? inArray(recognitionDecisions.unitId, provinceIds) : undefined)
    .orderBy(desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.c.id));
  const out: (WindowItem & { provinceId: number })[] = [];
  for (const { c, provinceId } of rows) {
    const ev = events.get(c.id) ?? [];
    const s = stateOf(c, ev, today);
    // In the window, or on the first day after the last day in force (the expiry day, or the extension's end).
    if (s.status !== "expiring" && !(s.status === "expired" && firstDayNotInForce(s) === today)) continue;
    const w = reevaluationWindow({ decisionDate: c.decisionDate, ...(c.expiresOn ? { expiresOn: c.expiresOn } : {}) });
    out.push({ certificateId: c.id, productName: c.productName, producerId: c.producerId, producerName: c.producerName, stars: c.stars, opens: w.opens, closes: w.closes, expiresOn: s.status === "expired" ? s.validUntil : s.term.expiresOn, status: s.status, filed: ev.some((e) => e.kind === "reevaluation_filed") , provinceId });
  }
  return out;
}

/** The list for the office (its provinces) or a producer's member (its own certificates). */
export async function reevaluationList({ ctx }: { ctx: ServiceCtx }): Promise<WindowItem[]> {
  const p = ctx.principal;
  if (!p) throw unauthenticated();
  const items = await certificatesInWindow(ctx.db, vnToday(ctx.now));
  const provinces = unitScopes(p, "certificates.notices");
  const paths = provinces.length ? await ctx.db.select({ id: adminUnits.id }).from(adminUnits).where(withinUnits(adminUnits.path, provinces)) : [];
  const ids = new Set(paths.map((x) => x.id));
  return items.filter((i) => ids.has(i.provinceId) || can(p, "certificates.notices", { producerId: i.producerId })).map(({ provinceId: _p, ...i }) => i);
}

/** The daily job: records the notices due today. Returns how many new ones it wrote. */
export async function runDailyNotices(db: Db, now: Date): Promise<number> {
  const today = vnToday(now);
  let written = 0;
  for (const i of await certificatesInWindow(db, today)) {
    const expired = i.status === "expired";
    const kind = expired ? "expired" : "reevaluation_window";
    const text = expired
      ? {
          vi: `Giấy chứng nhận OCOP số ${i.certificateId} ("${i.productName}", ${i.stars} sao) đã hết thời hạn ngày ${formatDate(i.expiresOn)} và không còn hiệu lực.`,
          en: `OCOP certificate ${i.certificateId} ("${i.productName}", ${i.stars} stars) expired on ${formatDate(i.expiresOn)} and is no longer valid.`,
        }
      : {
          vi: `Giấy chứng nhận OCOP số ${i.certificateId} ("${i.productName}", ${i.stars} sao) hết thời hạn ngày ${formatDate(i.expiresOn)}. Hồ sơ đánh giá, phân hạng lại nộp từ ngày ${formatDate(i.opens)} đến hết ngày ${formatDate(i.closes)}.`,
          en: `OCOP certificate ${i.certificateId} ("${i.productName}", ${i.stars} stars) expires on ${formatDate(i.expiresOn)}. File the re-evaluation from ${formatDate(i.opens)} to ${formatDate(i.closes)} inclusive.`,
        };
    const rows = await db
      .insert(notifications)
      .values([
        { audience: "producer" as const, producerId: i.producerId, certificateId: i.certificateId, kind, vi: text.vi, en: text.en, dedupeKey: `${kind}:producer:${i.certificateId}`, createdAt: now },
        { audience: "office" as const, unitId: i.provinceId, certificateId: i.certificateId, kind, vi: text.vi, en: text.en, dedupeKey: `${kind}:office:${i.certificateId}`, createdAt: now },
      ])
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    written += rows.length;
  }
  return written;
}

/** The caller's notices: its producers' and its provinces' offices'. */
export async function myNotices({ ctx }: { ctx: ServiceCtx }) {
  const p = ctx.principal;
  if (!p) throw unauthenticated();
  const producerIds = p.grants.filter((g) => g.role === "producer_member" && g.producerId).map((g) => g.producerId!);
  const provinces = unitScopes(p, "certificates.notices");
  const units = provinces.length ? (await ctx.db.select({ id: adminUnits.id }).from(adminUnits).where(and(withinUnits(adminUnits.path, provinces), eq(adminUnits.level, "province")))).map((u) => u.id) : [];
  if (!producerIds.length && !units.length) return [];
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(or(producerIds.length ? and(eq(notifications.audience, "producer"), inArray(notifications.producerId, producerIds)) : undefined, units.length ? and(eq(notifications.audience, "office"), inArray(notifications.unitId, units)) : undefined))
    .orderBy(desc(notifications.id))
    .limit(200);
  return rows.map((n) => ({ id: n.id, kind: n.kind, certificateId: n.certificateId, vi: n.vi, en: n.en, createdAt: n.createdAt.toISOString() }));
}
