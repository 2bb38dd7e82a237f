const vnCalendarDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar date in Vietnam ("YYYY-MM-DD"), in which validity dates, deadlines and unit ranges are written. */
export function vnToday(now: Date = new Date()): string {
  return vnCalendarDate.format(now);
}
