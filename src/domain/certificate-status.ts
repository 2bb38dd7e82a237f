import { formatDate, type Bilingual } from "../lib/i18n.js";
import { isoDateSchema } from "./cycle-deadlines.js";

/*
 * The life of an OCOP certificate (giấy chứng nhận kết quả phân hạng sản phẩm OCOP) under QĐ 26/2026:
 * validity (Art. 4.3), the re-evaluation filing window (Art. 7.6a), revocation (Art. 8), post-checks (Art. 9)
 * and the transitional extension (Art. 12.3). A certificate's status is never stored: it is derived here from
 * its decision date and dated facts, for any day, so the registry, the stamp page and reports always agree
 * and a status cannot be "forgotten" at midnight.
 *
 * All dates are Vietnam calendar dates "YYYY-MM-DD" (get today's with `vnToday(now)` from lib/dates.ts).
 */

/** Art. 4.3: "có giá trị trong thời hạn 36 tháng kể từ ngày cơ quan có thẩm quyền ban hành". */
export const VALIDITY_MONTHS = 36;
/** Art. 7.6a: "không sớm hơn 180 ngày và không muộn hơn 120 ngày tính đến ngày hết thời hạn". */
export const WINDOW_OPENS_DAYS_BEFORE = 180;
export const WINDOW_CLOSES_DAYS_BEFORE = 120;
/** Art. 12.3: "không quá 180 ngày tính từ ngày hết thời hạn". */
export const EXTENSION_DAYS = 180;
/** Art. 8.4: a revocation is decided within 15 days of the competent authority's conclusion. */
export const REVOCATION_DAYS = 15;
/** Art. 11.1: QĐ 26/2026 takes effect on 22 May 2026. */
export const DECISION_26_EFFECTIVE = "2026-05-22";

// ---- calendar arithmetic on "YYYY-MM-DD" (UTC days, so no time zone or DST can shift a date) ----

const DAY_MS = 86_400_000;

// Reports derive the status of thousands of certificates per page (the dashboard, the register), each taking a
// dozen dates through the zod check (~3 µs each) and back; the same few thousand dates recur, so both ways are
// remembered (valid dates only; bounded).
const DAY_NUMBERS = new Map<string, number>();
const DAY_NUMBERS_MAX = 50_000;

function dayNumber(date: string): number {
  const known = DAY_NUMBERS.get(date);
  if (known !== undefined) return known;
  if (!isoDateSchema.safeParse(date).success) throw new RangeError(`Ngày không hợp lệ | Not a valid date: ${date}`);
  const n = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  if (DAY_NUMBERS.size >= DAY_NUMBERS_MAX) DAY_NUMBERS.clear();
  DAY_NUMBERS.set(date, n);
  return n;
}
const DATES = new Map<number, string>();
function fromDayNumber(n: number): string {
  const known = DATES.get(n);
  if (known !== undefined) return known;
  const date = new Date(n * DAY_MS).toISOString().slice(0, 10);
  if (DATES.size >= DAY_NUMBERS_MAX) DATES.clear();
  DATES.set(n, date);
  return date;
}
const addDays = (date: string, days: number) => fromDayNumber(dayNumber(date) + days);
/** Whole days from `a` to `b` (b − a). */
const daysFrom = (a: string, b: string) => dayNumber(b) - dayNumber(a);

/** The same day `months` later; a day the target month lacks (31st, 29 Feb) becomes that month's last day. */
function addMonths(date: string, months: number): string {
  dayNumber(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(ty).padStart(4, "0")}-${String(tm + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const d = formatDate;

// ---- the term ----

export type Certificate = {
  /** The date of the recognition decision (ngày ban hành): the certificate is in force from this day. */
  decisionDate: string;
  /**
   * Only for certificates issued under earlier rules whose decision states its own end (Art. 12.1: they stay
   * valid "đến hết thời hạn theo quyết định công nhận"): that expiry day, the last day it is valid.
   */
  expiresOn?: string;
};

/**
 * One meaning of the expiry day everywhere (pages, JSON, refusals, PDFs, notices): "ngày hết thời hạn của giấy
 * chứng nhận" (Art. 7.6a) is the last day of the 36 months, the last day the certificate is valid. The
 * re-evaluation window is counted to it; the day after it the certificate has lapsed (unless extended).
 */
export const EXPIRY_TERM: Bilingual = { vi: "ngày hết thời hạn", en: "expiry date" };

export type CertificateTerm = {
  validFrom: string;
  /** "Ngày hết thời hạn": the last day of the 36 months, valid through the end of it. */
  expiresOn: string;
};

/**
 * The decision day counts as the first day of the term, so 36 months from 15/03/2026 are 15/03/2026 through
 * 14/03/2029: the certificate expires on (hết thời hạn ngày) 14/03/2029 and has lapsed on 15/03/2029, the same
 * day 36 months later. When that month lacks the day, its last day is the first lapsed one: 29/02/2028 →
 * expires 27/02/2031.
 * (The Civil Code's counting, which skips the first day, would give one day more; the registry takes the
 * reading that never shows a certificate valid on a day the authority may consider it lapsed.)
 */
export function certificateTerm(cert: Certificate): CertificateTerm {
  const expiresOn = cert.expiresOn ?? addDays(addMonths(cert.decisionDate, VALIDITY_MONTHS), -1);
  if (dayNumber(expiresOn) < dayNumber(cert.decisionDate)) throw new RangeError("Ngày hết thời hạn không thể trước ngày ban hành | Expiry cannot precede the decision");
  return { validFrom: cert.decisionDate, expiresOn };
}

/** The first day the certificate is no longer valid through its term: the day after the expiry day. */
function lapsesOn(term: CertificateTerm): string {
  return addDays(term.expiresOn, 1);
}

// ---- re-evaluation filing (Art. 7.6a, 12.3) ----

/**
 * Art. 7.6a, "không sớm hơn 180 ngày và không muộn hơn 120 ngày tính đến ngày hết thời hạn": a filing is on time
 * when it is made 180 to 120 days before the expiry day (the last valid day), both ends inclusive. For expiry
 * 14/03/2029 the window is 15/09/2028 (180 days before) to 14/11/2028 (120 days before); 181 days before is
 * early, 119 days late.
 */
export function reevaluationWindow(cert: Certificate): { opens: string; closes: string } {
  const { expiresOn } = certificateTerm(cert);
  return { opens: addDays(expiresOn, -WINDOW_OPENS_DAYS_BEFORE), closes: addDays(expiresOn, -WINDOW_CLOSES_DAYS_BEFORE) };
}

/**
 * - timely: inside the window;
 * - transitional: Art. 12.3. A certificate whose window had closed before QĐ 26/2026 took effect could not
 *   meet it; a re-evaluation filed after the window but while the certificate is still valid counts for the
 *   extension;
 * - early / late: outside the window (late filings get no extension).
 */
export type FilingKind = "timely" | "transitional" | "early" | "late";

export function classifyFiling(cert: Certificate, filedOn: string): FilingKind {
  const { opens, closes } = reevaluationWindow(cert);
  const { expiresOn } = certificateTerm(cert);
  const f = dayNumber(filedOn);
  if (f >= dayNumber(opens) && f <= dayNumber(closes)) return "timely";
  if (dayNumber(closes) < dayNumber(DECISION_26_EFFECTIVE) && f > dayNumber(closes) && f <= dayNumber(expiresOn)) return "transitional";
  return f < dayNumber(opens) ? "early" : "late";
}

export type FilingCheck =
  | { ok: true; kind: "timely" | "transitional"; opens: string; closes: string }
  | { ok: false; reason: "too_early" | "too_late"; opens: string; closes: string; message: Bilingual };

/** Whether a re-evaluation dossier may be filed today, with the dates in the refusal. */
export function checkReevaluationFiling(cert: Certificate, today: string): FilingCheck {
  const { opens, closes } = reevaluationWindow(cert);
  const { expiresOn } = certificateTerm(cert);
  const kind = classifyFiling(cert, today);
  if (kind === "timely" || kind === "transitional") return { ok: true, kind, opens, closes };
  if (kind === "early") {
    return {
      ok: false,
      reason: "too_early",
      opens,
      closes,
      message: {
        vi: `Chưa đến thời hạn nộp hồ sơ đánh giá, phân hạng lại: hồ sơ được nộp từ ngày ${d(opens)} đến hết ngày ${d(closes)} (giấy chứng nhận hết thời hạn ngày ${d(expiresOn)}).`,
        en: `Too early to file for re-evaluation: the window is ${d(opens)} to ${d(closes)} inclusive (the certificate expires on ${d(expiresOn)}).`,
      },
    };
  }
  return {
    ok: false,
    reason: "too_late",
    opens,
    closes,
    message: {
      vi: `Đã quá thời hạn nộp hồ sơ đánh giá, phân hạng lại (từ ngày ${d(opens)} đến hết ngày ${d(closes)}); giấy chứng nhận hết thời hạn ngày ${d(expiresOn)} và không được kéo dài. Sản phẩm có thể đăng ký đánh giá, phân hạng như lần đầu.`,
      en: `The re-evaluation window (${d(opens)} to ${d(closes)} inclusive) has passed; the certificate expires on ${d(expiresOn)} without extension. The product may register for a first evaluation.`,
    },
  };
}

// ---- revocation (Art. 8) ----

/*
 * Each ground of Art. 8.1 states what must be on file before a revocation on it is recorded (checked by
 * revocation-grounds.ts):
 * - "inspection_proposing_revocation": points b, c and e rest on "kết luận (kiểm tra, giám sát) của cơ quan có
 *   thẩm quyền"; the registry holds that conclusion as an Art. 9 inspection of this certificate concluded with
 *   "propose_revocation" (Art. 8.3a: the office checks and verifies, then submits);
 * - "commune_confirmation": point đ (the producer no longer produces the OCOP product) rests on the commune's
 *   confirmation: Art. 8.4 counts the revocation's 15 days "kể từ ngày có … xác nhận của UBND cấp xã về chủ thể
 *   OCOP không còn sản xuất sản phẩm OCOP", so that confirmation, recorded by the commune where the producer
 *   lies, must be on file;
 * - "stated_in_decision": points a and d name neither; the revocation decision's own text (its number and
 *   reason, both required) is the record.
 */
export const REVOCATION_EVIDENCE = ["inspection_proposing_revocation", "commune_confirmation", "stated_in_decision"] as const;
export type RevocationEvidence = (typeof REVOCATION_EVIDENCE)[number];

export const REVOCATION_GROUNDS = [
  {
    id: "dishonest_dossier",
    evidence: "stated_in_decision",
    point: "a",
    vi: "Chủ thể OCOP bị phát hiện cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ trong quá trình đăng ký đánh giá, phân hạng sản phẩm OCOP.",
    en: "The OCOP producer is found to have supplied untruthful information or documents, or a forged dossier, when registering for evaluation and ranking.",
  },
  {
    id: "criteria_not_met",
    evidence: "inspection_proposing_revocation",
    point: "b",
    vi: "Sản phẩm OCOP không còn đáp ứng các tiêu chí theo Bộ tiêu chí OCOP theo kết luận kiểm tra, giám sát của cơ quan có thẩm quyền.",
    en: "The OCOP product no longer meets the OCOP criteria, as concluded by an inspection or supervision of the competent authority.",
  },
  {
    id: "law_violation",
    evidence: "inspection_proposing_revocation",
    point: "c",
    vi: "Sản phẩm OCOP vi phạm quy định pháp luật về chất lượng sản phẩm, an toàn thực phẩm, bảo vệ môi trường, sở hữu trí tuệ, ghi nhãn hàng hóa hoặc các quy định pháp luật khác có liên quan theo kết luận của cơ quan có thẩm quyền.",
    en: "The OCOP product violates the law on product quality, food safety, environmental protection, intellectual property, goods labelling or other relevant law, as concluded by the competent authority.",
  },
  {
    id: "mark_misuse",
    evidence: "stated_in_decision",
    point: "d",
    vi: "Chủ thể OCOP sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm được công nhận.",
    en: "The OCOP producer uses the OCOP mark improperly, causing confusion about the recognised product.",
  },
  {
    id: "production_stopped",
    evidence: "commune_confirmation",
    point: "đ",
    vi: "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP.",
    en: "The OCOP producer no longer produces the OCOP product.",
  },
  {
    id: "authority_finding",
    evidence: "inspection_proposing_revocation",
    point: "e",
    vi: "Trường hợp khác theo kết luận và đề nghị của cơ quan nhà nước có thẩm quyền về việc sản phẩm OCOP không đủ điều kiện tiếp tục được công nhận.",
    en: "Another case in which a competent state authority concludes and proposes that the OCOP product no longer qualifies for recognition.",
  },
] as const satisfies readonly ({ id: string; point: string; evidence: RevocationEvidence } & Bilingual)[];

export type RevocationGroundId = (typeof REVOCATION_GROUNDS)[number]["id"];

/** Art. 8.4: the last day to decide a revocation, 15 days from the conclusion (or the commune's confirmation). */
export function revocationDeadline(conclusionDate: string): string {
  return addDays(conclusionDate, REVOCATION_DAYS);
}

// ---- status ----

export const CERTIFICATE_STATUSES = ["pending", "valid", "expiring", "expired", "suspended", "revoked", "superseded"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Statuses under which a certificate still stands for its product (suspended is in force, just not valid). */
export const IN_FORCE: ReadonlySet<string> = new Set<CertificateStatus>(["valid", "expiring", "suspended"]);

/**
 * The certificate that speaks for a product (the scan page, the product page, the bulk lookup, the open data):
 * its newest one in force, else its newest. `newestFirst` holds the product's certificates, newest first.
 */
export function standingCertificate<T>(newestFirst: readonly T[], statusOf: (x: T) => string): T | undefined {
  return newestFirst.find((x) => IN_FORCE.has(statusOf(x))) ?? newestFirst[0];
}

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, Bilingual> = {
  pending: { vi: "Chưa có hiệu lực", en: "Not yet in force" },
  valid: { vi: "Còn hiệu lực", en: "Valid" },
  expiring: { vi: "Sắp hết hạn", en: "Expiring" },
  expired: { vi: "Hết hiệu lực", en: "Expired" },
  suspended: { vi: "Tạm dừng hiệu lực", en: "Suspended" },
  revoked: { vi: "Đã bị thu hồi", en: "Revoked" },
  superseded: { vi: "Đã được thay thế", en: "Superseded" },
};

/**
 * Dated facts about one certificate. Filings and decisions count from their date; a revocation or a
 * supersession decided ahead of its effective date already shortens the "valid until" date shown.
 * Suspension is not in QĐ 26/2026 (which knows only revocation); it is the office's interim measure while an
 * Art. 8.3 verification runs, so it stops the certificate counting as valid without changing its term.
 */
export type CertificateEvent =
  | { kind: "suspended"; from: string; /** last day suspended; null until lifted */ through: string | null }
  | { kind: "suspension_lifted"; on: string }
  | { kind: "revoked"; effective: string; ground: RevocationGroundId }
  | { kind: "superseded"; on: string; by: string }
  | { kind: "reevaluation_filed"; on: string }
  | { kind: "reevaluation_decided"; on: string };

export type CertificateState = {
  status: CertificateStatus;
  label: Bilingual;
  term: CertificateTerm;
  /** The last day the certificate is (or was) in force on the facts known today, extension included. */
  validUntil: string;
  /** In force only because a re-evaluation is pending past expiry (Art. 12.3). */
  extended: boolean;
  /** The re-evaluation filing that counts for the extension, if any, and its kind. */
  reevaluation: { filedOn: string; kind: FilingKind; decidedOn: string | null } | null;
  explanation: Bilingual;
};

/**
 * The status on `today`, by precedence: pending (before the decision date) → revoked → superseded → expired →
 * suspended → expiring (the last 180 days of the term, i.e. from the day the re-evaluation window opens) →
 * valid. Revocation outranks everything once effective, because a sanction must show even on a certificate
 * that had lapsed; a supersession outranks expiry, because "see the newer certificate" is what a buyer needs.
 *
 * Extension (Art. 12.3, extended to timely filings): a re-evaluation filed on time (or under the transitional
 * rule) and not yet decided keeps the certificate in force past its expiry until the decision day, for at
 * most 180 days (the 180th day after expiry is the last). A decision on or before the expiry leaves the term as
 * it was. A late filing gives no extension.
 */
export function certificateStatus(cert: Certificate, events: readonly CertificateEvent[], today: string): CertificateState {
  const term = certificateTerm(cert);
  const lapse = lapsesOn(term);
  const t = dayNumber(today);
  const past = (date: string) => dayNumber(date) <= t;

  // The re-evaluation that counts: the latest filing known today that earns an extension, else the latest filing.
  const filings = events
    .filter((e): e is Extract<CertificateEvent, { kind: "reevaluation_filed" }> => e.kind === "reevaluation_filed" && past(e.on))
    .map((e) => ({ filedOn: e.on, kind: classifyFiling(cert, e.on) }))
    .sort((a, b) => dayNumber(a.filedOn) - dayNumber(b.filedOn));
  const eligible = filings.filter((f) => f.kind === "timely" || f.kind === "transitional");
  const filing = eligible[eligible.length - 1] ?? filings[filings.length - 1] ?? null;
  const decidedOn = filing
    ? (events
        .filter((e): e is Extract<CertificateEvent, { kind: "reevaluation_decided" }> => e.kind === "reevaluation_decided" && past(e.on) && e.on >= filing.filedOn)
        .map((e) => e.on)
        .sort()[0] ?? null)
    : null;
  const reevaluation = filing ? { ...filing, decidedOn } : null;

  // First day no longer in force through the term (with the extension, when one applies).
  // The 180th day after the expiry day is the last day of an extension.
  const cap = addDays(lapse, EXTENSION_DAYS);
  let termEnd = lapse;
  const extendable = filing !== null && (filing.kind === "timely" || filing.kind === "transitional");
  if (extendable && t >= dayNumber(lapse)) {
    termEnd = decidedOn === null ? cap : dayNumber(decidedOn) <= dayNumber(lapse) ? lapse : minDate(decidedOn, cap);
  }

  const revocations = events.filter((e): e is Extract<CertificateEvent, { kind: "revoked" }> => e.kind === "revoked").sort((a, b) => dayNumber(a.effective) - dayNumber(b.effective));
  const supersessions = events.filter((e): e is Extract<CertificateEvent, { kind: "superseded" }> => e.kind === "superseded").sort((a, b) => dayNumber(a.on) - dayNumber(b.on));
  const revocation = revocations[0];
  const supersession = supersessions[0];
  let end = termEnd;
  if (revocation) end = minDate(end, revocation.effective);
  if (supersession) end = minDate(end, supersession.on);
  const validUntil = addDays(end, -1);
  const extended = t >= dayNumber(lapse) && t < dayNumber(termEnd);
  const state = (status: CertificateStatus, explanation: Bilingual): CertificateState => ({
    status,
    label: CERTIFICATE_STATUS_LABELS[status],
    term,
    validUntil,
    extended: extended && (status === "valid" || status === "suspended"),
    reevaluation,
    explanation,
  });

  if (t < dayNumber(term.validFrom)) {
    return state("pending", {
      vi: `Giấy chứng nhận có hiệu lực từ ngày ${d(term.validFrom)} đến hết ngày ${d(validUntil)}.`,
      en: `The certificate takes effect on ${d(term.validFrom)} and is valid through ${d(validUntil)}.`,
    });
  }
  if (revocation && past(revocation.effective)) {
    const ground = REVOCATION_GROUNDS.find((g) => g.id === revocation.ground);
    return state("revoked", {
      vi: `Giấy chứng nhận đã bị thu hồi từ ngày ${d(revocation.effective)}${ground ? ` (Điều 8 khoản 1 điểm ${ground.point}: ${ground.vi})` : "."}`,
      en: `The certificate was revoked with effect from ${d(revocation.effective)}${ground ? ` (Art. 8.1(${ground.point}): ${ground.en})` : "."}`,
    });
  }
  if (supersession && past(supersession.on)) {
    return state("superseded", {
      vi: `Giấy chứng nhận đã được thay thế bằng giấy chứng nhận ${supersession.by} từ ngày ${d(supersession.on)}.`,
      en: `The certificate was replaced by certificate ${supersession.by} on ${d(supersession.on)}.`,
    });
  }
  if (t >= dayNumber(termEnd)) {
    const late =
      filing && filing.kind === "late"
        ? {
            vi: ` Hồ sơ đánh giá lại nộp ngày ${d(filing.filedOn)}, sau thời hạn (đến hết ngày ${d(reevaluationWindow(cert).closes)}), nên hiệu lực không được kéo dài.`,
            en: ` The re-evaluation filed on ${d(filing.filedOn)} came after the window closed (${d(reevaluationWindow(cert).closes)}), so validity was not extended.`,
          }
        : { vi: "", en: "" };
    const wasExtended = dayNumber(termEnd) > dayNumber(lapse);
    return state("expired", {
      vi: wasExtended
        ? `Giấy chứng nhận hết thời hạn 36 tháng ngày ${d(term.expiresOn)}, được kéo dài trong khi chờ kết quả đánh giá lại và đã hết hiệu lực (có hiệu lực đến hết ngày ${d(validUntil)}).`
        : `Giấy chứng nhận đã hết thời hạn ngày ${d(term.expiresOn)} và không còn hiệu lực.${late.vi}`,
      en: wasExtended
        ? `The certificate's 36 months ended on ${d(term.expiresOn)}; it was extended while the re-evaluation was pending and was valid through ${d(validUntil)}.`
        : `The certificate expired on ${d(term.expiresOn)} and is no longer valid.${late.en}`,
    });
  }

  const suspension = activeSuspension(events, t);
  const validText: Bilingual = extended
    ? {
        vi: `Giấy chứng nhận hết thời hạn 36 tháng ngày ${d(term.expiresOn)} nhưng tiếp tục có hiệu lực trong khi chờ kết quả đánh giá, phân hạng lại (hồ sơ nộp ngày ${d((filing as { filedOn: string }).filedOn)}), chậm nhất đến hết ngày ${d(validUntil)}.`,
        en: `The certificate's 36 months ended on ${d(term.expiresOn)}, but it stays valid while the re-evaluation filed on ${d((filing as { filedOn: string }).filedOn)} is pending, at the latest through ${d(validUntil)}.`,
      }
    : { vi: `Giấy chứng nhận còn hiệu lực đến hết ngày ${d(validUntil)}.`, en: `The certificate is valid through ${d(validUntil)}.` };

  if (suspension) {
    const until = suspension.through === null ? { vi: "cho đến khi có quyết định khác", en: "until further notice" } : { vi: `đến hết ngày ${d(suspension.through)}`, en: `through ${d(suspension.through)}` };
    return state("suspended", {
      vi: `Giấy chứng nhận đang bị tạm dừng hiệu lực từ ngày ${d(suspension.from)} ${until.vi}. ${validText.vi}`,
      en: `The certificate is suspended from ${d(suspension.from)} ${until.en}. ${validText.en}`,
    });
  }
  if (extended) return state("valid", validText);

  if (t >= dayNumber(term.expiresOn) - WINDOW_OPENS_DAYS_BEFORE) {
    const { opens, closes } = reevaluationWindow(cert);
    const filed: Bilingual = !filing
      ? { vi: ` Hồ sơ đánh giá, phân hạng lại được nộp từ ngày ${d(opens)} đến hết ngày ${d(closes)}.`, en: ` A re-evaluation may be filed from ${d(opens)} to ${d(closes)} inclusive.` }
      : filing.kind === "late" || filing.kind === "early"
        ? { vi: ` Hồ sơ đánh giá lại nộp ngày ${d(filing.filedOn)} ngoài thời hạn (${d(opens)} – ${d(closes)}).`, en: ` The re-evaluation filed on ${d(filing.filedOn)} is outside the window (${d(opens)} – ${d(closes)}).` }
        : decidedOn
          ? { vi: ` Đã có kết quả đánh giá lại ngày ${d(decidedOn)}.`, en: ` The re-evaluation was decided on ${d(decidedOn)}.` }
          : {
              vi: ` Đã nộp hồ sơ đánh giá lại ngày ${d(filing.filedOn)}; nếu chưa có kết quả khi hết thời hạn, giấy chứng nhận tiếp tục có hiệu lực đến khi có kết quả, chậm nhất đến hết ngày ${d(addDays(cap, -1))}.`,
              en: ` A re-evaluation was filed on ${d(filing.filedOn)}; if undecided at expiry, the certificate stays valid until the decision, at the latest through ${d(addDays(cap, -1))}.`,
            };
    return state("expiring", { vi: validText.vi + filed.vi, en: validText.en + filed.en });
  }
  return state("valid", validText);
}

/** The day after the last day in force (the expiry day, or the end of an extension). */
export function firstDayNotInForce(state: CertificateState): string {
  return addDays(state.validUntil, 1);
}

function minDate(a: string, b: string): string {
  return dayNumber(a) <= dayNumber(b) ? a : b;
}

function activeSuspension(events: readonly CertificateEvent[], t: number): { from: string; through: string | null } | null {
  for (const e of events) {
    if (e.kind !== "suspended" || dayNumber(e.from) > t) continue;
    // A lift on or after the start ends an open (or longer) suspension the day before the lift.
    const lift = events
      .filter((x): x is Extract<CertificateEvent, { kind: "suspension_lifted" }> => x.kind === "suspension_lifted" && dayNumber(x.on) > dayNumber(e.from))
      .map((x) => dayNumber(x.on))
      .sort((a, b) => a - b)[0];
    let last = e.through === null ? Infinity : dayNumber(e.through);
    if (lift !== undefined) last = Math.min(last, lift - 1);
    if (t <= last) return { from: e.from, through: last === Infinity ? null : fromDayNumber(last) };
  }
  return null;
}
