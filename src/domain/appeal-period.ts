import { vnToday } from "../lib/dates.js";
import { formatDate, type Bilingual } from "../lib/i18n.js";

/*
 * Appeals of a council result (khiếu nại kết quả đánh giá, phân hạng). QĐ 26/2026 says nothing about appeals, so
 * the general law applies: Luật Khiếu nại 2011 (số 02/2011/QH13), Điều 9 "Thời hiệu khiếu nại là 90 ngày, kể từ
 * ngày nhận được quyết định hành chính hoặc biết được quyết định hành chính". The producer learns the result the
 * day the council publishes it (finalised: the dossier page shows it). A period in days starts the day after the
 * event and ends at the end of its last day (Bộ luật Dân sự 2015, Điều 147.1 and 148.1): published on 1 June, the
 * last day is 30 August, and an appeal at 23:59 Vietnam time on 30 August is in time.
 */
export const APPEAL_PERIOD_DAYS = 90;
export const APPEAL_PERIOD_SOURCE: Bilingual = {
  vi: "Điều 9 Luật Khiếu nại 2011: 90 ngày kể từ ngày biết kết quả",
  en: "Art. 9 of the Law on Complaints 2011: 90 days from learning of the result",
};

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The last day (Vietnam calendar) an appeal of a result published at `publishedAt` may be filed. */
export function appealLastDay(publishedAt: Date, periodDays = APPEAL_PERIOD_DAYS): string {
  return addDays(vnToday(publishedAt), periodDays);
}

/** Whether an appeal filed at `now` is in time; a refusal says when the period ended and why. */
export function appealPeriodProblem(publishedAt: Date, now: Date, periodDays = APPEAL_PERIOD_DAYS): Bilingual | null {
  const last = appealLastDay(publishedAt, periodDays);
  if (vnToday(now) <= last) return null;
  return {
    vi: `Đã hết thời hạn khiếu nại: kết quả công bố ngày ${formatDate(vnToday(publishedAt))}, hạn cuối là hết ngày ${formatDate(last)} (${APPEAL_PERIOD_SOURCE.vi}).`,
    en: `The appeal period is over: the result was published on ${formatDate(vnToday(publishedAt))} and the last day was ${formatDate(last)} (${APPEAL_PERIOD_SOURCE.en}).`,
  };
}

/**
 * The office's decision on an appeal: upheld and re-scored by council members who did not score the result,
 * upheld with another remedy, or rejected. Each needs its reasons.
 */
export const APPEAL_OUTCOMES = ["rescore", "other_remedy", "reject"] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/**
 * filed → rescoring (upheld, a new council scores) → rescored (its result replaces the old one); filed → upheld
 * (another remedy) or rejected. The last three are closed.
 */
export const APPEAL_STATES = ["filed", "rescoring", "rescored", "upheld", "rejected"] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

export const APPEAL_STATE_LABELS: Record<AppealState, Bilingual> = {
  filed: { vi: "Chờ cơ quan giải quyết", en: "Awaiting the office's decision" },
  rescoring: { vi: "Chấp nhận, đang chấm lại", en: "Upheld, being re-scored" },
  rescored: { vi: "Đã chấm lại, kết quả mới thay thế", en: "Re-scored: the new result replaces the old" },
  upheld: { vi: "Chấp nhận, biện pháp khác", en: "Upheld with another remedy" },
  rejected: { vi: "Không chấp nhận", en: "Rejected" },
};

export const APPEAL_OUTCOME_LABELS: Record<AppealOutcome, Bilingual> = {
  rescore: { vi: "Chấp nhận, chấm lại bởi thành viên chưa chấm hồ sơ", en: "Upheld, re-scored by members who did not score it" },
  other_remedy: { vi: "Chấp nhận, biện pháp khác", en: "Upheld with another remedy" },
  reject: { vi: "Không chấp nhận", en: "Rejected" },
};

/** The seats of a re-scoring council that scored the appealed result: none may sit (the point of an appeal). */
export function rescoreSeatConflicts(originalScorers: readonly string[], rescoreSeats: readonly string[]): string[] {
  const scored = new Set(originalScorers);
  return rescoreSeats.filter((s) => scored.has(s));
}
