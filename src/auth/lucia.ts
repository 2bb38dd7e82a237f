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
export type ValidSession = { id: string; userId: string; expiresAt: Date; fresh: boolean };

export type SessionStore = {
  readonly cookieName: string;
  create(userId: string): Promise<ValidSession>;
  /** null when the session is unknown or expired (lucia deletes expired ones as it finds them). */
  validate(sessionId: string): Promise<{ session: ValidSession; user: SessionUser } | null>;
  invalidate(sessionId: string): Promise<void>;
  invalidateUser(userId: string): Promise<void>;
  /** Deletes every expired session (lucia only deletes those it is asked about). */
  deleteExpired(): Promise<void>;
  /** A serialised Set-Cookie value carrying the session id. */
  cookie(sessionId: string): string;
  /** A serialised Set-Cookie value that deletes the session cookie. */
  blankCookie(): string;
  /** The session id from a Cookie header, if any. */
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
      const s = await lucia.createSession(userId, {});
      return { id: s.id, userId: s.userId, expiresAt: s.expiresAt, fresh: s.fresh };
    },
    validate: async (sessionId) => {
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session) return null;
      return {
        session: { id: session.id, userId: session.userId, expiresAt: session.expiresAt, fresh: session.fresh },
        user: { id: user.id, username: user.username, displayName: user.displayName, locale: user.locale, disabledAt: user.disabledAt },
      };
    },
    invalidate: (sessionId) => lucia.invalidateSession(sessionId),
    invalidateUser: (userId) => lucia.invalidateUserSessions(userId),
    deleteExpired: () => lucia.deleteExpiredSessions(),
    cookie: (sessionId) => lucia.createSessionCookie(sessionId).serialize(),
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    read: (cookieHeader) => (cookieHeader ? lucia.readSessionCookie(cookieHeader) : null),
  };
  stores.set(deps, store);
  return store;
}
