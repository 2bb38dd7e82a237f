export type Locale = "vi" | "en";
export const LOCALES: readonly Locale[] = ["vi", "en"];

/** A message in both languages; Vietnamese is the default everywhere a person reads. */
export type Bilingual = { vi: string; en: string };

export function pickLocale(opts: { query?: string | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined }): Locale {
  for (const v of [opts.query, opts.cookie]) if (v === "vi" || v === "en") return v;
  const al = (opts.acceptLanguage ?? "").toLowerCase();
  // Only an explicit preference for English over Vietnamese switches; the audience is Vietnamese.
  const en = al.search(/\ben\b|\ben-/);
  const vi = al.search(/\bvi\b|\bvi-/);
  if (en >= 0 && (vi < 0 || en < vi)) return "en";
  return "vi";
}

export const numberFmt = new Intl.NumberFormat("vi-VN");
export const moneyFmt = new Intl.NumberFormat("vi-VN", { style: "currency", currency: "VND", maximumFractionDigits: 0 });
const dateFmt = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" });
const dateTimeFmt = new Intl.DateTimeFormat("vi-VN", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Asia/Ho_Chi_Minh",
});

export const formatNumber = (n: number | bigint) => numberFmt.format(n);
export const formatMoney = (vnd: number | bigint) => moneyFmt.format(vnd);
/** Dates stored as "YYYY-MM-DD" are calendar dates, shown without a time-zone shift. */
export function formatDate(d: Date | string): string {
  if (typeof d === "string") {
    const [y, m, day] = d.split("-");
    return `${day}/${m}/${y}`;
  }
  return dateFmt.format(d);
}
export const formatDateTime = (d: Date) => dateTimeFmt.format(d);
