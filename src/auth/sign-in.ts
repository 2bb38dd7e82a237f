import { vnToday } from "../lib/dates.js";
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../http/env.js";
import { AppError, tooManyRequests } from "../lib/problem.js";
import { users } from "../modules/accounts/schema.js";
import { sessionStore } from "./lucia.js";
import { clientAddress, sessionCsrfToken } from "./middleware.js";
import { burnVerification, hashPassword, needsRehash, verifyPassword } from "./password.js";
import { loadPrincipal } from "./principal.js";
import { clearFailures, lockedFor, recordFailure, throttleKeys } from "./throttle.js";
import type { Principal } from "../domain/principal.js";

// One message whether the username is unknown or the password wrong, so sign-in does not reveal usernames.
export const invalidCredentials = () =>
  new AppError(401, "invalid-credentials", { vi: "Sai tên đăng nhập hoặc mật khẩu", en: "Wrong username or password" }, {
    vi: "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại.",
    en: "The username or password is not correct. Please check them and try again.",
  });

export const accountDisabled = () =>
  new AppError(403, "account-disabled", { vi: "Tài khoản đã bị vô hiệu hóa", en: "Account disabled" }, {
    vi: "Tài khoản này đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên hệ thống.",
    en: "This account has been disabled. Please contact a system administrator.",
  });

export type SignedIn = { principal: Principal; sessionId: string; csrfToken: string };

/**
 * Checks the credentials under the login throttle and, when they hold, starts a session: sets its cookie on
 * the response and the request's auth state, so the rest of this request already sees the new user.
 * Throws 429 (locked), 401 (wrong credentials) or 403 (disabled account, told only to who knows the password).
 */
export async function signIn(c: Context<AppEnv>, input: { username: string; password: string }): Promise<SignedIn> {
  const deps = c.var.deps;
  const db = deps.database.db;
  const now = deps.now();
  const keys = throttleKeys(input.username, clientAddress(c));

  const wait = await lockedFor(db, keys, now);
  if (wait > 0) throw tooManyRequests(wait);

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.trim().toLowerCase()))
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await burnVerification(input.password);
  if (!user || !ok) {
    await recordFailure(db, keys, now);
    throw invalidCredentials();
  }
  if (user.disabledAt) throw accountDisabled();

  await clearFailures(db, keys[0]!, now);
  if (needsRehash(user.passwordHash)) {
    await db.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, user.id));
  }

  const store = sessionStore(deps);
  // A new id at every sign-in: a session id planted before sign-in (fixation) never becomes authenticated.
  const previous = c.var.auth?.sessionId;
  if (previous) await store.invalidate(previous);
  const session = await store.create(user.id);
  // Sessions of people who never come back would stay forever; sign-in is an infrequent moment to sweep them.
  await store.deleteExpired();
  c.header("set-cookie", store.cookie(session.token), { append: true });
  const principal = await loadPrincipal(db, user, vnToday(now));
  const csrfToken = sessionCsrfToken(deps, session.token);
  c.set("auth", { principal, sessionId: session.token });
  c.set("csrfToken", csrfToken);
  return { principal, sessionId: session.token, csrfToken };
}

/** Ends the request's session (if any) and clears its cookie. */
export async function signOut(c: Context<AppEnv>): Promise<void> {
  const store = sessionStore(c.var.deps);
  const current = c.var.auth?.sessionId;
  if (current) await store.invalidate(current);
  c.header("set-cookie", store.blankCookie(), { append: true });
  c.set("auth", { principal: null, sessionId: null });
}
