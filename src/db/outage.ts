/*
 * Errors that say the database is away (restarting, refusing connections, the connection cut), not that a query
 * is wrong. Callers that can answer without it do (the scan page from a cached view); the rest answer 503 with
 * Retry-After instead of a 500, since retrying soon is exactly what the client should do.
 */

/** SQLSTATE classes and codes of an unreachable or restarting server. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-4]|53300|53400)$/;
/** postgres.js and Node socket codes for a connection that could not be made or was lost. */
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  let cur: unknown = err;
  // drizzle wraps the driver's error in `cause`; an AggregateError (several addresses tried) holds `errors`.
  for (let i = 0; i < 5 && cur && typeof cur === "object"; i++) {
    const e = cur as { code?: unknown; errors?: unknown; cause?: unknown; message?: unknown };
    if (typeof e.code === "string" && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_CODES.has(e.code))) return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
    // PGlite, closed or not yet open (a test simulating an outage, a process shutting down).
    if (typeof e.message === "string" && /PGlite is closed|database is closed/i.test(e.message)) return true;
    cur = e.cause;
  }
  return false;
}

/** Seconds a client is asked to wait when the database is away: a restart takes a second or a few. */
export const OUTAGE_RETRY_AFTER_S = 5;
