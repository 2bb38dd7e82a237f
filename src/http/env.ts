import type { AuthState } from "../domain/principal.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Locale } from "../lib/i18n.js";
import type { Logger } from "../lib/logger.js";
import type { LimitRule, RateLimiter } from "../lib/rate-limiter.js";

/** Everything the app needs from outside, injected so tests build the same app with their own parts. */
export type Deps = {
  config: Config;
  database: Database;
  logger: Logger;
  /** The clock; tests move it to cross validity windows and session expiry. */
  now: () => Date;
};

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    locale: Locale;
    log: Logger;
    auth: AuthState;
    csrfToken: string;
    /** The headers every response carries (security headers, request id), for http/plain-response.ts. */
    baseHeaders: Record<string, string>;
    /** The app's rate limiter (one per app, like one per server process). */
    limits: { limiter: RateLimiter; rules: Record<"scan" | "report" | "complaint" | "status", LimitRule> };
  };
};
