import { createHash, randomBytes } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import type { Deps } from "../http/env.js";
import { sessions, users } from "../modules/accounts/schema.js";

// lucia v3 is in maintenance upstream: this is the only file that imports it, so replacing it touches one file.

/** Sessions last 12 h; lucia slides the expiry forward once less than half (6 h) is left. */
export const SESSION_LIFETIME = new TimeSpan(12, "h");
export const SESSION_COOKIE = "ocop_session";

type UserAttributes = {
  username: string;
  displayName: string;
  locale: "vi" | "en";
  disabledAt: Date | null;
};

function buildLucia(deps: Deps) {
  const adapter = new DrizzlePostgreSQLAdapter(deps.database.db, sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: SESSION_LIFETIME,
    sessionCookie: {
      name: SESSION_COOKIE,
      attributes: { secure: deps.config.cookieSecure, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (a): UserAttributes => ({ username: a.username, displayName: a.displayName, locale: a.locale, disabledAt: a.disabledAt }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof buildLucia>;
    DatabaseUserAttributes: UserAttributes;
  }
}

export type SessionUser = UserAttributes & { id: string };
/** `token` is what the cookie carries; the database row's id is only its SHA-256 and is never handed out. */
export type ValidSession = { token: string; userId: string; expiresAt: Date; fresh: boolean };

/**
 * A read of the `sessions` table (a leaked backup, a replica, an SQL injection elsewhere) must not give live
 * sessions, so the row's id is the SHA-256 of the cookie's token: the token cannot be recovered from it, and a
 * row's id sent as a cookie is hashed again and matches nothing. 32 random bytes make brute force pointless,
 * so a plain hash (not a slow one) is enough.
 */
export const sessionIdOf = (token: string): string => createHash("sha256").update(token).digest("hex");
const newToken = (): string => randomBytes(32).toString("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type SessionStore = {
  readonly cookieName: string;
  create(userId: string): Promise<ValidSession>;
  /** null when the token is malformed, or its session unknown or expired (lucia deletes expired ones as it finds them). */
  validate(token: string): Promise<{ session: ValidSession; user: SessionUser } | null>;
  invalidate(token: string): Promise<void>;
  invalidateUser(userId: string): Promise<void>;
  /** Deletes every expired session (lucia only deletes those it is asked about). */
  deleteExpired(): Promise<void>;
  /** A serialised Set-Cookie value carrying the session token. */
  cookie(token: string): string;
  /** A serialised Set-Cookie value that deletes the session cookie. */
  blankCookie(): string;
  /** The session token from a Cookie header, if any. */
  read(cookieHeader: string | undefined): string | null;
};

// The database differs per app (per test file), so each Deps gets its own Lucia; WeakMap lets it go with the app.
const stores = new WeakMap<Deps, SessionStore>();

export function sessionStore(deps: Deps): SessionStore {
  let store = stores.get(deps);
  if (store) return store;
  const lucia = buildLucia(deps);
  store = {
    cookieName: lucia.sessionCookieName,
    create: async (userId) => {
      const token = newToken();
      const s = await lucia.createSession(userId, {}, { sessionId: sessionIdOf(token) });
      return { token, userId: s.userId, expiresAt: s.expiresAt, fresh: s.fresh };
    },
    validate: async (token) => {
      // Only the shape a token has is hashed and looked up: a stored id (64 hex digits) is not one.
      if (!TOKEN.test(token)) return null;
      const { session, user } = await lucia.validateSession(sessionIdOf(token));
      if (!session) return null;
      return {
        session: { token, userId: session.userId, expiresAt: session.expiresAt, fresh: session.fresh },
        user: { id: user.id, username: user.username, displayName: user.displayName, locale: user.locale, disabledAt: user.disabledAt },
      };
    },
    invalidate: (token) => lucia.invalidateSession(sessionIdOf(token)),
    invalidateUser: (userId) => lucia.invalidateUserSessions(userId),
    deleteExpired: () => lucia.deleteExpiredSessions(),
    // lucia names it a session id; what it writes into the cookie here is the token.
    cookie: (token) => lucia.createSessionCookie(token).serialize(),
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    read: (cookieHeader) => (cookieHeader ? lucia.readSessionCookie(cookieHeader) : null),
  };
  stores.set(deps, store);
  return store;
}
