const vnCalendarDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The calendar date in Vietnam ("YYYY-MM-DD"), in which validity dates, deadlines and unit ranges are written.
 * `now` is required: every caller passes the request's injected clock (ctx.now), so tests and replays of past
 * dates see the same day the rules do.
 */
export function vnToday(now: Date): string {
  return vnCalendarDate.format(now);
}
