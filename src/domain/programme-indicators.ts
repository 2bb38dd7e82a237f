import { z } from "zod";
import type { Bilingual } from "../lib/i18n.js";
import { type CertificateEvent, certificateStatus } from "./certificate-status.js";
import type { Role } from "./roles.js";

/*
 * The year's OCOP plan (kế hoạch thực hiện Chương trình OCOP năm N) sets targets; each target is measured from
 * the registry by one of the rules below, chosen from this fixed list (seed 004, "Chỉ tiêu cụ thể"). A rule turns
 * the registry's facts into the records behind its number (each with its commune), so the province's figure, a
 * commune's figure and the list one click away are the same computation.
 *
 * Dates are Vietnam calendar dates "YYYY-MM-DD": the caller turns timestamps into them with vnToday, so a record
 * written at 23:30 on 31 December Vietnam time (16:30 UTC) belongs to that year, and one at 00:30 on 1 January
 * (17:30 UTC the day before) to the next.
 */

export const INDICATOR_RULES = [
  "certified_in_year",
  "producers_strengthened",
  "producers_new",
  "retail_points_new",
  "officials_trained",
  "producers_trained",
  "base_year_kept",
  "base_year_upgraded",
] as const;
export type IndicatorRule = (typeof INDICATOR_RULES)[number];

/** "count": the target is a number of records; "percent": a share of a population, target in whole percent. */
export const RULE_UNIT: Record<IndicatorRule, "count" | "percent"> = {
  certified_in_year: "count",
  producers_strengthened: "count",
  producers_new: "count",
  retail_points_new: "count",
  officials_trained: "percent",
  producers_trained: "percent",
  base_year_kept: "count",
  base_year_upgraded: "count",
};

export const RULE_LABELS: Record<IndicatorRule, Bilingual> = {
  certified_in_year: { vi: "Sản phẩm được công nhận OCOP trong năm (theo hạng sao)", en: "Products certified OCOP in the year (by stars)" },
  producers_strengthened: { vi: "Chủ thể hiện có được củng cố (có sản phẩm mới được công nhận hoặc nâng hạng trong năm)", en: "Existing producers strengthened (a new certified product or an upgrade in the year)" },
  producers_new: { vi: "Chủ thể mới tham gia Chương trình trong năm", en: "New producers joining the programme in the year" },
  retail_points_new: { vi: "Điểm giới thiệu, bán sản phẩm OCOP mới trong năm", en: "New OCOP points of sale in the year" },
  officials_trained: { vi: "Tỷ lệ cán bộ tham mưu OCOP các cấp được tập huấn trong năm", en: "Share of OCOP officials trained in the year" },
  producers_trained: { vi: "Tỷ lệ chủ thể có sản phẩm tham gia Chương trình được tập huấn trong năm", en: "Share of participating producers trained in the year" },
  base_year_kept: { vi: "Sản phẩm được công nhận năm gốc còn hiệu lực", en: "Products certified in the base year still valid" },
  base_year_upgraded: { vi: "Sản phẩm được công nhận năm gốc đã nâng hạng sao", en: "Products certified in the base year since upgraded" },
};

/** The officials the "officials trained" share is taken over: those who run the programme at each level. */
export const OCOP_OFFICIAL_ROLES: readonly Role[] = ["province_office", "district_office", "commune_officer"];

const stars = z.number().int().min(3).max(5);
const year = z.number().int().min(2000).max(2100);

/** Each rule's parameters; a rule without any takes `{}`. */
export const RULE_PARAMS = {
  certified_in_year: z.strictObject({ minStars: stars, maxStars: stars.optional() }).refine((p) => p.maxStars === undefined || p.maxStars >= p.minStars, {
    path: ["maxStars"],
    message: "Hạng sao tối đa không nhỏ hơn hạng sao tối thiểu | The highest star level cannot be below the lowest",
  }),
  producers_strengthened: z.strictObject({}),
  producers_new: z.strictObject({}),
  retail_points_new: z.strictObject({}),
  officials_trained: z.strictObject({}),
  producers_trained: z.strictObject({}),
  base_year_kept: z.strictObject({ baseYear: year }),
  base_year_upgraded: z.strictObject({ baseYear: year }),
} as const satisfies Record<IndicatorRule, z.ZodType>;
export type RuleParams = { minStars?: number; maxStars?: number; baseYear?: number };

/** The rule's parameters checked for a plan of `planYear` (a base year lies before it), or the messages. */
export function checkRuleParams(rule: IndicatorRule, params: unknown, planYear: number): { ok: true; params: RuleParams } | { ok: false; errors: { path: string; vi: string; en: string }[] } {
  const r = RULE_PARAMS[rule].safeParse(params ?? {});
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => {
        const [vi, en] = i.message.includes(" | ") ? i.message.split(" | ") : [`Tham số không hợp lệ: ${i.message}`, `Invalid parameter: ${i.message}`];
        return { path: ["params", ...i.path.map(String)].join("."), vi: vi!, en: en! };
      }),
    };
  }
  const p = r.data as RuleParams;
  if (p.baseYear !== undefined && p.baseYear >= planYear) {
    return { ok: false, errors: [{ path: "params.baseYear", vi: `Năm gốc phải trước năm kế hoạch ${planYear}`, en: `The base year must be before the plan's year ${planYear}` }] };
  }
  return { ok: true, params: p };
}

/** A target: at least `min` (a count, or whole percent for a share); `max` closes a range ("3–5 điểm bán"). */
export type Target = { min: number | null; max: number | null };

export function checkTarget(rule: IndicatorRule, t: Target): { path: string; vi: string; en: string }[] {
  const errors: { path: string; vi: string; en: string }[] = [];
  if (RULE_UNIT[rule] === "percent") {
    if (t.min !== null && t.min > 100) errors.push({ path: "targetMin", vi: "Tỷ lệ không quá 100%", en: "A share is at most 100%" });
    if (t.max !== null) errors.push({ path: "targetMax", vi: "Chỉ tiêu tỷ lệ không có mức tối đa", en: "A share target has no upper bound" });
  }
  if (t.max !== null && t.min === null) errors.push({ path: "targetMin", vi: "Nhập mức tối thiểu trước mức tối đa", en: "Give the lowest figure before the highest" });
  if (t.max !== null && t.min !== null && t.max < t.min) errors.push({ path: "targetMax", vi: "Mức tối đa không nhỏ hơn mức tối thiểu", en: "The highest figure cannot be below the lowest" });
  return errors;
}

// ---- the facts a rule reads ----

export type CertificateFact = {
  id: number;
  productId: number;
  productName: string;
  producerId: number;
  communeId: number;
  stars: number;
  decisionDate: string;
  expiresOn?: string;
  events: readonly CertificateEvent[];
};
export type ProducerFact = { id: number; name: string; communeId: number; registeredOn: string };
export type RetailPointFact = { id: number; name: string; communeId: number; registeredOn: string };
/** An official and the commune their role is held in (null: a province- or district-level role). */
export type OfficialFact = { userId: string; name: string; communeId: number | null };
/** A producer taking part: it has a product in the registry since `since`. */
export type ParticipantFact = { producerId: number; name: string; communeId: number; since: string };
/** One attendance at a training event, on the event's first day. */
export type TrainingFact = { userId: string | null; producerId: number | null; on: string; eventId: number };

export type ProgrammeFacts = {
  certificates: readonly CertificateFact[];
  producers: readonly ProducerFact[];
  retailPoints: readonly RetailPointFact[];
  officials: readonly OfficialFact[];
  participants: readonly ParticipantFact[];
  training: readonly TrainingFact[];
};

/** One record behind a figure: whether it counts, and why not when it does not. */
export type MeasuredItem = {
  kind: "product" | "producer" | "retail_point" | "official";
  id: number | string;
  name: string;
  communeId: number | null;
  counted: boolean;
  stars?: number;
  certificateId?: number;
  note?: Bilingual;
};

export type Measure = {
  unit: "count" | "percent";
  /** Records counted. */
  counted: number;
  /** For a share, the population it is taken over; for a count, null. */
  population: number | null;
  /** The figure compared with the target: the count, or the share in percent (null with no population). */
  value: number | null;
  met: boolean | null;
  items: MeasuredItem[];
};

/** The measuring window of year `y` seen on `today`: from 1 January to today, or to 31 December once it passed. */
export function yearWindow(y: number, today: string): { from: string; to: string } {
  const from = `${y}-01-01`;
  const end = `${y}-12-31`;
  return { from, to: today < end ? today : end };
}

const within = (d: string, w: { from: string; to: string }) => d >= w.from && d <= w.to;

/** Revoked with effect on or before `asOf`. */
const revokedBy = (c: CertificateFact, asOf: string) => c.events.some((e) => e.kind === "revoked" && e.effective <= asOf);
const validOn = (c: CertificateFact, day: string) => {
  if (c.decisionDate > day) return false;
  const s = certificateStatus({ decisionDate: c.decisionDate, ...(c.expiresOn ? { expiresOn: c.expiresOn } : {}) }, c.events, day).status;
  return s === "valid" || s === "expiring";
};

type ProductYear = { productId: number; productName: string; producerId: number; communeId: number; best: CertificateFact | null; revoked: CertificateFact | null; priorBest: number | null };

/**
 * Each product certified in the window, once: at its highest star among the window's certificates not revoked by
 * the window's end. A product whose latest certificate is revoked stops counting altogether (an earlier one it
 * superseded does not come back). `priorBest` is its best star before the window (null: never certified).
 */
function productsOfYear(certs: readonly CertificateFact[], w: { from: string; to: string }): ProductYear[] {
  const byProduct = new Map<number, CertificateFact[]>();
  for (const c of certs) if (c.decisionDate <= w.to) (byProduct.get(c.productId) ?? byProduct.set(c.productId, []).get(c.productId)!).push(c);
  const out: ProductYear[] = [];
  for (const list of byProduct.values()) {
    const inYear = list.filter((c) => within(c.decisionDate, w));
    if (!inYear.length) continue;
    const latest = [...list].sort((a, b) => (a.decisionDate === b.decisionDate ? a.id - b.id : a.decisionDate < b.decisionDate ? -1 : 1)).at(-1)!;
    const standing = revokedBy(latest, w.to) ? [] : inYear.filter((c) => !revokedBy(c, w.to));
    const best = standing.sort((a, b) => b.stars - a.stars || (a.decisionDate < b.decisionDate ? 1 : -1))[0] ?? null;
    const prior = list.filter((c) => c.decisionDate < w.from).map((c) => c.stars);
    const ref = best ?? latest;
    out.push({ productId: ref.productId, productName: ref.productName, producerId: ref.producerId, communeId: ref.communeId, best, revoked: best ? null : latest, priorBest: prior.length ? Math.max(...prior) : null });
  }
  return out.sort((a, b) => a.productId - b.productId);
}

const REVOKED_NOTE: Bilingual = { vi: "Giấy chứng nhận đã bị thu hồi: không tính", en: "Certificate revoked: not counted" };

function measureItems(rule: IndicatorRule, params: RuleParams, facts: ProgrammeFacts, w: { from: string; to: string }): MeasuredItem[] {
  switch (rule) {
    case "certified_in_year": {
      const min = params.minStars ?? 3;
      const max = params.maxStars ?? 5;
      return productsOfYear(facts.certificates, w).flatMap((p): MeasuredItem[] => {
        if (!p.best) return p.revoked && p.revoked.stars >= min && p.revoked.stars <= max ? [{ kind: "product", id: p.productId, name: p.productName, communeId: p.communeId, counted: false, stars: p.revoked.stars, certificateId: p.revoked.id, note: REVOKED_NOTE }] : [];
        if (p.best.stars < min || p.best.stars > max) return [];
        return [{ kind: "product", id: p.productId, name: p.productName, communeId: p.communeId, counted: true, stars: p.best.stars, certificateId: p.best.id }];
      });
    }
    case "producers_strengthened": {
      const existing = new Map(facts.producers.filter((p) => p.registeredOn < w.from).map((p) => [p.id, p]));
      const why = new Map<number, MeasuredItem>();
      for (const p of productsOfYear(facts.certificates, w)) {
        const producer = existing.get(p.producerId);
        if (!producer || !p.best || why.has(producer.id)) continue;
        const note: Bilingual | null =
          p.priorBest === null
            ? { vi: `Sản phẩm mới được công nhận: ${p.productName} (${p.best.stars}★)`, en: `New certified product: ${p.productName} (${p.best.stars}★)` }
            : p.best.stars > p.priorBest
              ? { vi: `Nâng hạng: ${p.productName} ${p.priorBest}★ → ${p.best.stars}★`, en: `Upgraded: ${p.productName} ${p.priorBest}★ → ${p.best.stars}★` }
              : null;
        if (note) why.set(producer.id, { kind: "producer", id: producer.id, name: producer.name, communeId: producer.communeId, counted: true, certificateId: p.best.id, note });
      }
      return [...why.values()].sort((a, b) => Number(a.id) - Number(b.id));
    }
    case "producers_new":
      return facts.producers.filter((p) => within(p.registeredOn, w)).map((p) => ({ kind: "producer", id: p.id, name: p.name, communeId: p.communeId, counted: true }));
    case "retail_points_new":
      return facts.retailPoints.filter((r) => within(r.registeredOn, w)).map((r) => ({ kind: "retail_point", id: r.id, name: r.name, communeId: r.communeId, counted: true }));
    case "officials_trained": {
      const trained = new Set(facts.training.filter((t) => t.userId !== null && within(t.on, w)).map((t) => t.userId!));
      return facts.officials.map((o) => ({ kind: "official", id: o.userId, name: o.name, communeId: o.communeId, counted: trained.has(o.userId), ...(trained.has(o.userId) ? {} : { note: { vi: "Chưa được tập huấn trong năm", en: "Not trained in the year" } }) }));
    }
    case "producers_trained": {
      const trained = new Set(facts.training.filter((t) => t.producerId !== null && within(t.on, w)).map((t) => t.producerId!));
      const seen = new Set<number>();
      return facts.participants
        .filter((p) => p.since <= w.to && !seen.has(p.producerId) && seen.add(p.producerId))
        .map((p) => ({ kind: "producer", id: p.producerId, name: p.name, communeId: p.communeId, counted: trained.has(p.producerId), ...(trained.has(p.producerId) ? {} : { note: { vi: "Chưa được tập huấn trong năm", en: "Not trained in the year" } }) }));
    }
    case "base_year_kept":
    case "base_year_upgraded": {
      const base = { from: `${params.baseYear}-01-01`, to: `${params.baseYear}-12-31` };
      const byProduct = new Map<number, CertificateFact[]>();
      for (const c of facts.certificates) if (c.decisionDate <= w.to) (byProduct.get(c.productId) ?? byProduct.set(c.productId, []).get(c.productId)!).push(c);
      const out: MeasuredItem[] = [];
      for (const list of byProduct.values()) {
        const inBase = list.filter((c) => within(c.decisionDate, base));
        if (!inBase.length) continue;
        const baseStars = Math.max(...inBase.map((c) => c.stars));
        const valid = list.filter((c) => validOn(c, w.to)).sort((a, b) => b.stars - a.stars)[0];
        const ref = valid ?? inBase[0]!;
        const counted = rule === "base_year_kept" ? !!valid : !!valid && valid.stars > baseStars;
        const note: Bilingual | undefined = !valid
          ? { vi: "Không còn giấy chứng nhận hiệu lực", en: "No certificate in force" }
          : rule === "base_year_upgraded"
            ? counted
              ? { vi: `${baseStars}★ → ${valid.stars}★`, en: `${baseStars}★ → ${valid.stars}★` }
              : { vi: `Giữ ${valid.stars}★, chưa nâng hạng`, en: `Kept at ${valid.stars}★, not upgraded` }
            : undefined;
        out.push({ kind: "product", id: ref.productId, name: ref.productName, communeId: ref.communeId, counted, stars: valid?.stars ?? baseStars, certificateId: ref.id, ...(note ? { note } : {}) });
      }
      return out.sort((a, b) => Number(a.id) - Number(b.id));
    }
  }
}

/** A figure from its records: the count, or the share of the population counted (in percent, one decimal). */
export function summarise(rule: IndicatorRule, items: MeasuredItem[], target: Target): Measure {
  const unit = RULE_UNIT[rule];
  const counted = items.filter((i) => i.counted).length;
  if (unit === "count") return { unit, counted, population: null, value: counted, met: target.min === null ? null : counted >= target.min, items };
  const population = items.length;
  if (population === 0) return { unit, counted, population, value: null, met: null, items };
  // Compared in integers, so 2 of 3 (66.67 %) never rounds up to a 67 % target.
  return { unit, counted, population, value: Math.round((counted * 1000) / population) / 10, met: target.min === null ? null : counted * 100 >= target.min * population, items };
}

/** Measures one indicator of a plan of year `y` on `today`, for the whole scope of the facts given. */
export function measureIndicator(rule: IndicatorRule, params: RuleParams, target: Target, facts: ProgrammeFacts, y: number, today: string): Measure {
  return summarise(rule, measureItems(rule, params, facts, yearWindow(y, today)), target);
}

/** The same records split by commune (null: records not in a commune, e.g. a province-level official). */
export function byCommune(rule: IndicatorRule, m: Measure, target: Target): Map<number | null, Measure> {
  const groups = new Map<number | null, MeasuredItem[]>();
  for (const i of m.items) (groups.get(i.communeId) ?? groups.set(i.communeId, []).get(i.communeId)!).push(i);
  return new Map([...groups].map(([k, items]) => [k, summarise(rule, items, target)]));
}

// ---- training and trade events ----

export const EVENT_KINDS = ["training", "fair", "trade_promotion", "study_tour", "conference"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, Bilingual> = {
  training: { vi: "Tập huấn, đào tạo", en: "Training" },
  fair: { vi: "Hội chợ, triển lãm", en: "Fair, exhibition" },
  trade_promotion: { vi: "Xúc tiến thương mại, kết nối tiêu thụ", en: "Trade promotion" },
  study_tour: { vi: "Tham quan học tập kinh nghiệm", en: "Study tour" },
  conference: { vi: "Hội nghị, hội thảo chuyên đề", en: "Conference, workshop" },
};
/** Only these count as "được tập huấn, đào tạo" for the trained shares. */
export const TRAINING_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(["training"]);

// ---- the model plan ----

export type ModelIndicator = { label: string; rule: IndicatorRule; params: RuleParams; targetMin: number | null; targetMax: number | null };

/**
 * The "Chỉ tiêu cụ thể" of seed 004 (Kế hoạch thực hiện Chương trình OCOP tỉnh Hà Tĩnh năm 2020), as a model for a
 * year's plan: the office starts from it and edits the figures. `baseYear` is the year whose certified products
 * are to be kept and upgraded (2019 in the seed, with its 72 products).
 */
export function modelIndicators(baseYear: number, baseYearProducts = 72): ModelIndicator[] {
  return [
    { label: "Có ít nhất 50 sản phẩm, dịch vụ được chứng nhận đạt chuẩn OCOP từ 3-4 sao", rule: "certified_in_year", params: { minStars: 3 }, targetMin: 50, targetMax: null },
    { label: "Trong đó, có 10 sản phẩm được công nhận là sản phẩm OCOP đạt từ 4 sao trở lên", rule: "certified_in_year", params: { minStars: 4 }, targetMin: 10, targetMax: null },
    { label: "Củng cố, nâng cao năng lực cho tối thiểu 40 tổ chức kinh tế sản xuất, kinh doanh hiện có thực hiện Chương trình OCOP", rule: "producers_strengthened", params: {}, targetMin: 40, targetMax: null },
    { label: "Phát triển mới tối thiểu 10 tổ chức kinh tế tham gia Chương trình OCOP", rule: "producers_new", params: {}, targetMin: 10, targetMax: null },
    { label: "Phát triển mới 3-5 điểm giới thiệu, bán sản phẩm OCOP trên địa bàn tỉnh", rule: "retail_points_new", params: {}, targetMin: 3, targetMax: 5 },
    { label: "100% cán bộ tham mưu Chương trình OCOP các cấp được tập huấn, đào tạo", rule: "officials_trained", params: {}, targetMin: 100, targetMax: null },
    { label: "100% tổ chức, cá nhân sản xuất có sản phẩm tham gia Chương trình OCOP được tập huấn, đào tạo", rule: "producers_trained", params: {}, targetMin: 100, targetMax: null },
    { label: `Quản lý chặt chẽ ${baseYearProducts} sản phẩm OCOP đã được chứng nhận năm ${baseYear}`, rule: "base_year_kept", params: { baseYear }, targetMin: baseYearProducts, targetMax: null },
    { label: `Nâng cấp các sản phẩm OCOP năm ${baseYear} lên hạng sao cao hơn`, rule: "base_year_upgraded", params: { baseYear }, targetMin: null, targetMax: null },
  ];
}
