import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, idParamSchema, json, jsonBody, problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { SessionInfoSchema } from "../../auth/api-schemas.js";
import { signIn, signOut } from "../../auth/sign-in.js";
import { unauthenticated } from "../../lib/problem.js";
import { AssignmentSchema, AssignRoleInput, CreateUserInput, ListUsersQuery, LoginBody, UserListSchema, UserSchema } from "./inputs.js";
import { assignRole, createUser, disableUser, getUser, listUsers, revokeRole } from "./service.js";

const UserIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "9b1c…" }) });
const AssignmentParams = UserIdParam.extend({
  assignmentId: idParamSchema("assignmentId", 12),
});

const common = commonErrors("Invalid input (unknown fields, wrong types, a scope that does not fit the role)", "Not allowed, or missing x-csrf-token");

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["accounts"],
  summary: "List users (Danh sách người dùng)",
  description: "Users the caller may read, newest first, each with their active roles.",
  request: { query: ListUsersQuery },
  responses: { 200: json(UserListSchema, "A page of users"), ...common },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["accounts"],
  summary: "Create a user (Tạo tài khoản)",
  request: { ...jsonBody(CreateUserInput) },
  responses: { 201: json(UserSchema, "The new user, without roles"), ...common, ...conflictError("The username is taken") },
});

const getUserRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["accounts"],
  summary: "One user with every role assignment (Chi tiết người dùng)",
  request: { params: UserIdParam },
  responses: { 200: json(UserSchema, "The user; roles include revoked assignments"), ...common, 404: problem("No such user visible to the caller") },
});

const assignRoleRoute = createRoute({
  method: "post",
  path: "/{id}/roles",
  tags: ["accounts"],
  summary: "Grant a role (Cấp vai trò)",
  request: { params: UserIdParam, ...jsonBody(AssignRoleInput) },
  responses: {
    201: json(AssignmentSchema, "The new assignment"),
    ...common,
    404: problem("No such user"),
    ...conflictError("The user already holds the role in that scope, or is disabled"),
  },
});

const revokeRoleRoute = createRoute({
  method: "delete",
  path: "/{id}/roles/{assignmentId}",
  tags: ["accounts"],
  summary: "Revoke a role (Thu hồi vai trò)",
  request: { params: AssignmentParams },
  responses: { 200: json(AssignmentSchema, "The revoked assignment"), ...common, 404: problem("No such assignment of this user"), ...conflictError("Already revoked") },
});

const disableRoute = createRoute({
  method: "post",
  path: "/{id}/disable",
  tags: ["accounts"],
  summary: "Disable a user and end their sessions (Vô hiệu hóa tài khoản)",
  request: { params: UserIdParam },
  responses: { 200: json(UserSchema, "The disabled user (unchanged when already disabled)"), ...common, 404: problem("No such user") },
});

/** Mounted at /api/users. */
export const usersApi = createRouter()
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
  .openapi(disableRoute, async (c) => c.json(await disableUser({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } }), 200));

// ---- signing in ------------------------------------------------------------------------------------

const loginRoute = createRoute({
  method: "post",
  path: "/login",
  tags: ["auth"],
  summary: "Sign in (Đăng nhập)",
  description:
    "Starts a session and sets the `ocop_session` cookie (HttpOnly, SameSite=Lax). Later state-changing requests of the session must send the returned `csrfToken` as the `x-csrf-token` header. Five failures for one username within 15 minutes lock it for 15 minutes (429 with Retry-After).",
  request: { ...jsonBody(LoginBody) },
  responses: {
    200: json(SessionInfoSchema, "Signed in"),
    400: problem("Malformed request or unknown fields"),
    401: problem("Wrong username or password"),
    403: problem("Account disabled, or the request was refused as cross-site"),
    429: problem("Too many failed attempts; see Retry-After"),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/logout",
  tags: ["auth"],
  summary: "Sign out (Đăng xuất)",
  description: "Ends the current session and clears its cookie. Requires the x-csrf-token header when a session cookie is sent.",
  responses: { 204: { description: "Signed out (also when no session was active)" }, 403: problem("Missing or wrong x-csrf-token") },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "The signed-in user (Người dùng hiện tại)",
  responses: {
    200: json(SessionInfoSchema, "The signed-in user, its grants and the session's CSRF token"),
    401: problem("Nobody is signed in"),
  },
});

/** The JSON sign-in, mounted at /api/auth. */
export const authApi = createRouter()
  .openapi(loginRoute, async (c) => {
    const input = c.req.valid("json");
    const s = await signIn(c, input);
    c.header("cache-control", "no-store");
    return c.json({ user: s.principal, csrfToken: s.csrfToken }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await signOut(c);
    return c.body(null, 204);
  })
  .openapi(meRoute, (c) => {
    const principal = c.var.auth.principal;
    if (!principal) throw unauthenticated();
    c.header("cache-control", "no-store");
    return c.json({ user: principal, csrfToken: c.var.csrfToken }, 200);
  });
