import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, gt, isNull, lte, or } from "drizzle-orm";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../http/env.js";
import { can } from "../../auth/policy.js";
import { problem } from "../../auth/api-schemas.js";
import type { Db } from "../../db/client.js";
import { createRouter } from "../../http/router.js";
import { AppError } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { adminUnits } from "../units/schema.js";
import { AssignmentSchema, AssignRoleInput, CreateUserInput, ListUsersQuery, UserListSchema, UserSchema } from "./inputs.js";
import { assignRole, createUser, disableUser, getUser, listUsers, revokeRole } from "./service.js";
import { type CreateFormValues, type GrantFormValues, type UnitOption, userDetailPage, usersListPage } from "./users-pages.js";
import { formString, frame, page } from "../../web/page.js";
import { serviceCtx } from "../../http/service-ctx.js";

const UserIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "9b1c…" }) });
const AssignmentParams = UserIdParam.extend({
  assignmentId: z.coerce.number().int().positive().openapi({ param: { name: "assignmentId", in: "path" }, example: 12 }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const common = {
  400: problem("Invalid input (unknown fields, wrong types, a scope that does not fit the role)"),
  401: problem("Sign-in required"),
  403: problem("Not allowed, or missing x-csrf-token"),
};

const listRoute = createRoute({
  method: "get",
  path: "/api/users",
  tags: ["accounts"],
  summary: "List users (Danh sách người dùng)",
  description: "Users the caller may read, newest first, each with their active roles.",
  request: { query: ListUsersQuery },
  responses: { 200: json(UserListSchema, "A page of users"), ...common },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/api/users",
  tags: ["accounts"],
  summary: "Create a user (Tạo tài khoản)",
  request: { body: { required: true, content: { "application/json": { schema: CreateUserInput } } } },
  responses: { 201: json(UserSchema, "The new user, without roles"), ...common, 409: problem("The username is taken") },
});

const getUserRoute = createRoute({
  method: "get",
  path: "/api/users/{id}",
  tags: ["accounts"],
  summary: "One user with every role assignment (Chi tiết người dùng)",
  request: { params: UserIdParam },
  responses: { 200: json(UserSchema, "The user; roles include revoked assignments"), ...common, 404: problem("No such user visible to the caller") },
});

const assignRoleRoute = createRoute({
  method: "post",
  path: "/api/users/{id}/roles",
  tags: ["accounts"],
  summary: "Grant a role (Cấp vai trò)",
  request: { params: UserIdParam, body: { required: true, content: { "application/json": { schema: AssignRoleInput } } } },
  responses: {
    201: json(AssignmentSchema, "The new assignment"),
    ...common,
    404: problem("No such user"),
    409: problem("The user already holds the role in that scope, or is disabled"),
  },
});

const revokeRoleRoute = createRoute({
  method: "delete",
  path: "/api/users/{id}/roles/{assignmentId}",
  tags: ["accounts"],
  summary: "Revoke a role (Thu hồi vai trò)",
  request: { params: AssignmentParams },
  responses: { 200: json(AssignmentSchema, "The revoked assignment"), ...common, 404: problem("No such assignment of this user"), 409: problem("Already revoked") },
});

const disableRoute = createRoute({
  method: "post",
  path: "/api/users/{id}/disable",
  tags: ["accounts"],
  summary: "Disable a user and end their sessions (Vô hiệu hóa tài khoản)",
  request: { params: UserIdParam },
  responses: { 200: json(UserSchema, "The disabled user (unchanged when already disabled)"), ...common, 404: problem("No such user") },
});

// ---- pages -------------------------------------------------------------------------------------------

/** Units in force today, in tree order, for the grant form's select. */
async function unitOptions(db: Db, now: Date): Promise<UnitOption[]> {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const rows = await db
    .select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level, parentId: adminUnits.parentId })
    .from(adminUnits)
    .where(and(lte(adminUnits.validFrom, today), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today))))
    .orderBy(asc(adminUnits.name));
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: UnitOption[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ id: r.id, name: r.name, level: r.level, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}




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


/** Errors the person filling the form can correct, shown beside the form; others get the error page. */
const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

// Declared routes first: a plain .get/.post returns a Hono without .openapi.
export const accountsRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json(await listUsers({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(createUserRoute, async (c) => c.json(await createUser({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getUserRoute, async (c) => c.json(await getUser({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } }), 200))
  .openapi(assignRoleRoute, async (c) =>
    c.json(await assignRole({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), userId: c.req.valid("param").id } }), 201),
  )
  .openapi(revokeRoleRoute, async (c) => {
    const { id, assignmentId } = c.req.valid("param");
    return c.json(await revokeRole({ ctx: serviceCtx(c), input: { userId: id, assignmentId } }), 200);
  })
  .openapi(disableRoute, async (c) => c.json(await disableUser({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } }), 200))
  .get("/admin/users", (c) => page(c, () => listPage(c, 200)))
  .post("/admin/users", (c) =>
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
  .get("/admin/users/:id", (c) => page(c, () => detailPage(c, c.req.param("id"), 200)))
  .post("/admin/users/:id/roles", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      const body = await c.req.parseBody();
      const values = { role: formString(body, "role"), unitId: formString(body, "unitId"), producerId: formString(body, "producerId"), retailPointId: formString(body, "retailPointId") };
      try {
        const input = parseInput(AssignRoleInput, {
          role: values.role,
          unitId: optionalId(values.unitId),
          producerId: optionalId(values.producerId),
          retailPointId: optionalId(values.retailPointId),
        });
        await assignRole({ ctx: serviceCtx(c), input: { ...input, userId } });
        return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=granted`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, userId, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .post("/admin/users/:id/roles/:assignmentId/revoke", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      const assignmentId = Number(c.req.param("assignmentId"));
      if (!Number.isSafeInteger(assignmentId) || assignmentId <= 0) throw new AppError(404, "not-found", { vi: "Không tìm thấy", en: "Not found" });
      await revokeRole({ ctx: serviceCtx(c), input: { userId, assignmentId } });
      return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=revoked`, 303);
    }),
  )
  .post("/admin/users/:id/disable", (c) =>
    page(c, async () => {
      const userId = c.req.param("id");
      await disableUser({ ctx: serviceCtx(c), input: { userId } });
      return c.redirect(`/admin/users/${encodeURIComponent(userId)}?done=disabled`, 303);
    }),
  );
