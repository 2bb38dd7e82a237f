import { z } from "zod";
import { formatDate, type Bilingual } from "../lib/i18n.js";
import { vnToday } from "../lib/dates.js";
import { chainHasDistrict, type LevelChain } from "./level-chain.js";

/** A calendar date "YYYY-MM-DD" that exists (2025-02-29 does not). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Ngày phải có dạng YYYY-MM-DD | Date must be YYYY-MM-DD" })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: "Ngày không tồn tại | No such date" },
  );

/** The deadlines of one cycle, in the order the cycle meets them. */
export const DEADLINE_KEYS = ["registration", "communeList", "districtList", "appraisal", "planSubmission"] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export const DEADLINE_LABELS: Record<DeadlineKey, Bilingual> = {
  registration: { vi: "đăng ký ý tưởng sản phẩm", en: "product idea registration" },
  communeList: { vi: "cấp xã gửi danh sách ý tưởng", en: "commune list of ideas" },
  districtList: { vi: "cấp huyện gửi danh sách lên tỉnh", en: "district list to the province" },
  appraisal: { vi: "thẩm định ý tưởng", en: "idea appraisal" },
  planSubmission: { vi: "nộp phương án sản xuất kinh doanh", en: "business plan submission" },
};

/**
 * What an official sets for a cycle year. The district list is optional because the post-2025 chain has no
 * district; `missingDeadlines` says whether a given chain has all it needs. Equal dates are allowed (two steps
 * may close on the same day); a later step closing before an earlier one is not.
 */
export const cycleDeadlinesSchema = z
  .strictObject({
    registration: isoDateSchema,
    communeList: isoDateSchema,
    districtList: isoDateSchema.optional(),
    appraisal: isoDateSchema,
    planSubmission: isoDateSchema,
  })
  .superRefine((d, ctx) => {
    let prev: DeadlineKey | null = null;
    for (const key of DEADLINE_KEYS) {
      const date = d[key];
      if (date === undefined) continue;
      if (prev !== null) {
        const prevDate = d[prev] as string;
        // ISO dates compare correctly as strings.
        if (date < prevDate) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message:
              `Hạn ${DEADLINE_LABELS[key].vi} (${formatDate(date)}) không được trước hạn ${DEADLINE_LABELS[prev].vi} (${formatDate(prevDate)}) | ` +
              `The ${DEADLINE_LABELS[key].en} deadline (${formatDate(date)}) must not be before the ${DEADLINE_LABELS[prev].en} deadline (${formatDate(prevDate)})`,
          });
        }
      }
      prev = key;
    }
  });
export type CycleDeadlines = z.infer<typeof cycleDeadlinesSchema>;

/** The deadlines a chain uses that the cycle does not set (only the district list can be missing). */
export function missingDeadlines(d: CycleDeadlines, chain: LevelChain): DeadlineKey[] {
  return chainHasDistrict(chain) && d.districtList === undefined ? ["districtList"] : [];
}

/**
 * A deadline date means "until the end of that day in Vietnam" (Asia/Ho_Chi_Minh, UTC+7, no daylight saving):
 * 31/03 23:59 in Hà Tĩnh is on time, 01/04 00:00 is late, whatever the server's clock zone.
 */
export function isLate(deadline: string, now: Date): boolean {
  return vnToday(now) > deadline;
}
