import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { can } from "../../auth/policy.js";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { AppError } from "../../lib/problem.js";
import { safeBackPath } from "../../lib/safe-path.js";
import { signIn, signOut } from "../../auth/sign-in.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, idParam, isInputError, page } from "../../web/page.js";
import { AssignRoleInput, CreateUserInput, ListUsersQuery, PASSWORD_MAX, USERNAME_MAX } from "./inputs.js";
import { unitOptions } from "./queries.js";
import { assignRole, createUser, disableUser, getUser, listUsers, revokeRole } from "./service.js";
import { loginPage } from "./views/login.js";
import { type CreateFormValues, type GrantFormValues, userDetailPage, usersListPage } from "./views/users.js";

/** Form text to the JSON shape: empty means absent; a number field that is not a number stays a string so zod reports it. */
function optionalId(raw: string): number | string | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  return /^\d{1,12}$/.test(s) ? Number(s) : s;
}

async function listPage(c: Context<AppEnv>, status: ContentfulStatusCode, extra: { error?: AppError; values?: CreateFormValues } = {}) {
  const query = parseInput(ListUsersQuery, c.req.query());
  const list = await listUsers({ ctx: serviceCtx(c), input: query });
  const html = usersListPage({ ...frame(c), list, query, canManage: can(c.var.auth.principal, "users.manage"), ...extra });
  return c.html(html, status);
}

async function detailPage(c: Context<AppEnv>, userId: string, status: ContentfulStatusCode, extra: { error?: AppError; values?: GrantFormValues } = {}) {
  const ctx = serviceCtx(c);
  const user = await getUser({ ctx, input: { userId } });
  const canManage = can(ctx.principal, "users.manage");
  const units = canManage && !user.disabledAt ? await unitOptions(ctx.db, ctx.now) : [];
  return c.html(userDetailPage({ ...frame(c), user, canManage, units, done: c.req.query("done"), ...extra }), status);
}

/** Mounted at /admin/users. */
export const usersPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, () => listPage(c, 200)))
  .post("/", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody();
      const values = { username: formString(body, "username"), displayName: formString(body, "displayName"), email: formString(body, "email").trim(), locale: formString(body, "locale") || "vi" };
      try {
        const input = parseInput(CreateUserInput, { ...values, email: values.email || undefined, password: formString(body, "password") });
        const user = await createUser({ ctx: serviceCtx(c), input });
        return c.redirect(`/admin/users/${encodeURIComponent(user.id)}?done=created`, 303);
      } catch (err) {
        if (isInputError(err)) return listPage(c, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .get("/:id", (c) => page(c, () => detailPage(c, c.req.param("id"), 200)))
  .post("/:id/roles", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      const body = await c.req.parseBody();
      const values = { role: formString(body, "role"), unitId: formString(body, "unitId"), producerId: formString(body, "producerId"), retailPointId: formString(body, "retailPointId"), agencyId: formString(body, "agencyId") };
      try {
        const input = parseInput(AssignRoleInput, {
          role: values.role,
          unitId: optionalId(values.unitId),
          producerId: optionalId(values.producerId),
          retailPointId: optionalId(values.retailPointId),
          agencyId: optionalId(values.agencyId),
        });
        await assignRole({ ctx: serviceCtx(c), input: { ...input, userId } });
        return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=granted`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, userId, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .post("/:id/roles/:assignmentId/revoke", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      const assignmentId = idParam(c, "assignmentId");
      await revokeRole({ ctx: serviceCtx(c), input: { userId, assignmentId } });
      return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=revoked`, 303);
    }),
  )
  .post("/:id/disable", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      await disableUser({ ctx: serviceCtx(c), input: { userId } });
      return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=disabled`, 303);
    }),
  );

// ---- signing in ------------------------------------------------------------------------------------

function renderLogin(c: Context<AppEnv>, status: ContentfulStatusCode, p: { next: string; username?: string; error?: AppError }) {
  if (p.error && typeof p.error.extra?.retryAfter === "number") c.header("retry-after", String(p.error.extra.retryAfter));
  c.header("cache-control", "no-store");
  return c.html(
    loginPage({
      locale: c.var.locale,
      csrfToken: c.var.csrfToken,
      next: p.next,
      ...(p.username !== undefined ? { username: p.username } : {}),
      error: p.error ? { title: p.error.title, detail: p.error.detail } : undefined,
    }),
    status,
  );
}

const missingFields = new AppError(400, "validation", { vi: "Thiếu thông tin đăng nhập", en: "Sign-in details missing" }, {
  vi: "Vui lòng nhập tên đăng nhập và mật khẩu.",
  en: "Please enter the username and the password.",
});

/** The sign-in form and sign-out, top-level URLs (/login, /logout): mounted at /. */
export const signInPages = new Hono<AppEnv>()
  .get("/login", (c) => {
    const next = safeBackPath(c.req.query("next"));
    if (c.var.auth.principal) return c.redirect(next, 303);
    return renderLogin(c, 200, { next });
  })
  .post("/login", async (c) => {
    const body = await c.req.parseBody();
    const username = formString(body, "username").trim();
    const password = formString(body, "password");
    const next = safeBackPath(formString(body, "next") || undefined);
    if (!username || !password || username.length > USERNAME_MAX || password.length > PASSWORD_MAX) {
      return renderLogin(c, 400, { next, username: username.slice(0, USERNAME_MAX), error: missingFields });
    }
    try {
      await signIn(c, { username, password });
    } catch (err) {
      if (err instanceof AppError) return renderLogin(c, err.status, { next, username, error: err });
      throw err;
    }
    return c.redirect(next, 303);
  })
  .post("/logout", async (c) => {
    await signOut(c);
    return c.redirect("/login", 303);
  });
