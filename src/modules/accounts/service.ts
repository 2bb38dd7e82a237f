import { randomUUID } from "node:crypto";
import { aliasedTable, and, asc, count, desc, eq, exists, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { hashPassword } from "../../auth/password.js";
import { authorize, can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { Db, DbOrTx, Tx } from "../../db/client.js";
import type { Bilingual } from "../../lib/i18n.js";
import { AppError, conflict, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import { audit, writeAudit } from "../audit/index.js";
import { producers } from "../producers/schema.js";
import { retailPoints } from "../retail/schema.js";
import { agencies } from "../tasks/schema.js";
import { adminUnits } from "../units/schema.js";
import type { AssignmentView, AssignRoleInput, CreateUserInput, ListUsersQuery, UserList, UserView } from "./inputs.js";
import { roleAssignments, sessions, users } from "./schema.js";
import type { Role } from "../../domain/roles.js";
import { vnToday } from "../../lib/dates.js";
import { notInForceProblem } from "../../domain/successor.js";
import type { ServiceCtx } from "../../http/service-ctx.js";


type Level = "country" | "province" | "district" | "commune";
type RoleScope = { kind: "unit"; levels: readonly Level[] } | { kind: "producer" } | { kind: "retail" } | { kind: "agency" };

/** Where each role may be held. */
export const ROLE_SCOPES: Record<Role, RoleScope> = {
  system_admin: { kind: "unit", levels: ["province"] },
  // The Ministry's office and the central council sit for the whole country (the country unit, Art. 7.4a–b).
  ministry_office: { kind: "unit", levels: ["country"] },
  province_office: { kind: "unit", levels: ["province"] },
  district_office: { kind: "unit", levels: ["district"] },
  commune_officer: { kind: "unit", levels: ["commune"] },
  council_member: { kind: "unit", levels: ["country", "province", "district"] },
  inspector: { kind: "unit", levels: ["province", "district"] },
  producer_member: { kind: "producer" },
  retail_operator: { kind: "retail" },
  // Staff of an agency the office lists (src/modules/tasks): held for that agency, not in a unit.
  agency_staff: { kind: "agency" },
};

const LEVEL_NAMES: Record<Level, Bilingual> = {
  country: { vi: "cấp trung ương (toàn quốc)", en: "the central level (the whole country)" },
  province: { vi: "cấp tỉnh", en: "province level" },
  district: { vi: "cấp huyện", en: "district level" },
  commune: { vi: "cấp xã", en: "commune level" },
};

const fieldError = (path: string, vi: string, en: string) => validationError([{ path, message: en, vi, en }], { vi, en });

const userNotFound = () => notFound({ vi: "người dùng", en: "The user" });

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

// ---- reading -------------------------------------------------------------------------------------------

const unitOfProducer = aliasedTable(adminUnits, "producer_unit");
const unitOfRetail = aliasedTable(adminUnits, "retail_unit");

async function assignmentsOf(db: DbOrTx, userIds: string[], activeOnly: boolean): Promise<Map<string, AssignmentView[]>> {
  const out = new Map<string, AssignmentView[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      a: roleAssignments,
      unitName: adminUnits.name,
      unitLevel: adminUnits.level,
      unitPath: adminUnits.path,
      producerName: producers.name,
      retailPointName: retailPoints.name,
      agencyName: agencies.name,
    })
    .from(roleAssignments)
    .leftJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .leftJoin(producers, eq(producers.id, roleAssignments.producerId))
    .leftJoin(retailPoints, eq(retailPoints.id, roleAssignments.retailPointId))
    .leftJoin(agencies, eq(agencies.id, roleAssignments.agencyId))
    .where(and(inArray(roleAssignments.userId, userIds), activeOnly ? isNull(roleAssignments.revokedAt) : undefined))
    .orderBy(asc(roleAssignments.id));
  for (const r of rows) {
    const list = out.get(r.a.userId) ?? [];
    list.push({
      id: r.a.id,
      role: r.a.role,
      unitId: r.a.unitId,
      unitName: r.unitName,
      unitLevel: r.unitLevel,
      unitPath: r.unitPath,
      producerId: r.a.producerId,
      producerName: r.producerName,
      retailPointId: r.a.retailPointId,
      retailPointName: r.retailPointName,
      agencyId: r.a.agencyId,
      agencyName: r.agencyName,
      grantedBy: r.a.grantedBy,
      grantedAt: r.a.grantedAt.toISOString(),
      revokedAt: r.a.revokedAt?.toISOString() ?? null,
    });
    out.set(r.a.userId, list);
  }
  return out;
}

type UserRow = typeof users.$inferSelect;

function userView(u: UserRow, roles: AssignmentView[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    locale: u.locale,
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
    roles,
  };
}

/** What audit records keep of a user: never the password hash. */
export const auditedUser = (u: UserRow) => ({ id: u.id, username: u.username, displayName: u.displayName, email: u.email, locale: u.locale, disabledAt: u.disabledAt });

/**
 * Which users the principal may read: all of them through a rule held anywhere, or those holding an active
 * role inside one of the principal's units (a producer or retail point counts by its commune).
 */
function readableUsers(db: DbOrTx, principal: Principal | null): SQL | undefined {
  if (!principal) throw unauthenticated();
  if (can(principal, "users.read")) return undefined;
  const scopes = unitScopes(principal, "users.read");
  if (scopes.length === 0) throw forbidden();
  const ra = aliasedTable(roleAssignments, "visible_ra");
  const u = aliasedTable(adminUnits, "visible_unit");
  const p = aliasedTable(producers, "visible_producer");
  const pu = aliasedTable(adminUnits, "visible_producer_unit");
  const r = aliasedTable(retailPoints, "visible_retail");
  const ru = aliasedTable(adminUnits, "visible_retail_unit");
  const ag = aliasedTable(agencies, "visible_agency");
  const au = aliasedTable(adminUnits, "visible_agency_unit");
  return exists(
    db
      .select({ one: sql`1` })
      .from(ra)
      .leftJoin(u, eq(u.id, ra.unitId))
      .leftJoin(p, eq(p.id, ra.producerId))
      .leftJoin(pu, eq(pu.id, p.communeId))
      .leftJoin(r, eq(r.id, ra.retailPointId))
      .leftJoin(ru, eq(ru.id, r.communeId))
      .leftJoin(ag, eq(ag.id, ra.agencyId))
      .leftJoin(au, eq(au.id, ag.provinceId))
      .where(and(eq(ra.userId, users.id), isNull(ra.revokedAt), withinUnits(sql`coalesce(${u.path}, ${pu.path}, ${ru.path}, ${au.path})`, scopes))),
  );
}

export async function listUsers({ ctx, input }: { ctx: ServiceCtx; input: ListUsersQuery }): Promise<UserList> {
  const visible = readableUsers(ctx.db, ctx.principal);
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => "\\" + m)}%` : undefined;
  const where = and(
    visible,
    q ? or(ilike(users.username, q), ilike(users.displayName, q), ilike(users.email, q)) : undefined,
    input.status === "active" ? isNull(users.disabledAt) : input.status === "disabled" ? isNotNull(users.disabledAt) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(users).where(where).orderBy(desc(users.createdAt), asc(users.username)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(users).where(where),
  ]);
  const roles = await assignmentsOf(ctx.db, rows.map((r) => r.id), true);
  return { items: rows.map((u) => userView(u, roles.get(u.id) ?? [])), total: total?.n ?? 0 };
}

/** One user with every assignment, revoked ones included. A user the caller may not read is "not found". */
export async function getUser({ ctx, input }: { ctx: ServiceCtx; input: { userId: string } }): Promise<UserView> {
  const visible = readableUsers(ctx.db, ctx.principal);
  const [u] = await ctx.db.select().from(users).where(and(eq(users.id, input.userId), visible)).limit(1);
  if (!u) throw userNotFound();
  const roles = await assignmentsOf(ctx.db, [u.id], false);
  return userView(u, roles.get(u.id) ?? []);
}

// ---- changing ------------------------------------------------------------------------------------------

// The hash is made before the transaction: ~60 ms of scrypt should not hold a connection and row locks.
export async function insertUser(tx: Tx, input: CreateUserInput, passwordHash: string, now: Date): Promise<UserRow> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, input.username.toLowerCase())).limit(1);
  if (taken) throw usernameTaken(input.username);
  const [row] = await tx
    .insert(users)
    .values({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      passwordHash,
      locale: input.locale,
      createdAt: now,
    })
    .returning();
  return row!;
}

const usernameTaken = (username: string) =>
  conflict("username-taken", { vi: "Tên đăng nhập đã tồn tại", en: "Username already taken" }, {
    vi: `Tên đăng nhập "${username}" đã được dùng. Vui lòng chọn tên khác.`,
    en: `The username "${username}" is already in use. Please choose another.`,
  });

/** Runs the transaction and turns a unique violation lost to a concurrent writer into the same 409. */
export async function withUsernameGuard<T>(username: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) && isUniqueViolation(err)) throw usernameTaken(username);
    throw err;
  }
}

export async function createUser({ ctx, input }: { ctx: ServiceCtx; input: CreateUserInput }): Promise<UserView> {
  const actor = authorize(ctx.principal, "users.manage");
  const passwordHash = await hashPassword(input.password);
  return withUsernameGuard(input.username, () =>
    ctx.db.transaction(async (tx) => {
      const u = await insertUser(tx, input, passwordHash, ctx.now);
      await audit(tx, ctx, { action: "user.create", subjectType: "user", subjectId: u.id, after: auditedUser(u) });
      return userView(u, []);
    }),
  );
}

type ResolvedScope = { unitId?: number; producerId?: number; retailPointId?: number; agencyId?: number };

/** Checks that the scope fits the role and exists today; 400 with the offending field otherwise. */
async function resolveScope(tx: Tx, input: AssignRoleInput, now: Date): Promise<ResolvedScope> {
  const rule = ROLE_SCOPES[input.role];
  const given = (["unitId", "producerId", "retailPointId", "agencyId"] as const).filter((k) => input[k] !== undefined);
  const wanted = rule.kind === "unit" ? "unitId" : rule.kind === "producer" ? "producerId" : rule.kind === "agency" ? "agencyId" : "retailPointId";
  if (given.length !== 1 || given[0] !== wanted) {
    const what = {
      unitId: { vi: "một đơn vị hành chính (unitId)", en: "an administrative unit (unitId)" },
      producerId: { vi: "một chủ thể OCOP (producerId)", en: "an OCOP producer (producerId)" },
      retailPointId: { vi: "một điểm bán (retailPointId)", en: "a retail point (retailPointId)" },
      agencyId: { vi: "một cơ quan, đơn vị (agencyId)", en: "an agency (agencyId)" },
    }[wanted];
    throw fieldError(wanted, `Vai trò ${input.role} cần đúng ${what.vi} và không có phạm vi nào khác.`, `The role ${input.role} takes exactly ${what.en} and no other scope.`);
  }
  if (rule.kind === "unit") {
    const today = vnToday(now);
    const [unit] = await tx.select().from(adminUnits).where(eq(adminUnits.id, input.unitId!)).limit(1);
    if (!unit) throw fieldError("unitId", `Không có đơn vị hành chính mã ${input.unitId}.`, `There is no administrative unit ${input.unitId}.`);
    const gone = notInForceProblem(unit, today);
    if (gone) throw fieldError("unitId", gone.vi, gone.en);
    if (!rule.levels.includes(unit.level)) {
      const vi = rule.levels.map((l) => LEVEL_NAMES[l].vi).join(" hoặc ");
      const en = rule.levels.map((l) => LEVEL_NAMES[l].en).join(" or ");
      throw fieldError("unitId", `Vai trò ${input.role} phải gắn với đơn vị ${vi}; "${unit.name}" là ${LEVEL_NAMES[unit.level].vi}.`, `The role ${input.role} is held in a unit at ${en}; "${unit.name}" is at ${LEVEL_NAMES[unit.level].en}.`);
    }
    return { unitId: unit.id };
  }
  if (rule.kind === "producer") {
    const [p] = await tx.select({ id: producers.id }).from(producers).where(eq(producers.id, input.producerId!)).limit(1);
    if (!p) throw fieldError("producerId", `Không có chủ thể OCOP mã ${input.producerId}.`, `There is no OCOP producer ${input.producerId}.`);
    return { producerId: p.id };
  }
  if (rule.kind === "agency") {
    const [a] = await tx.select({ id: agencies.id, name: agencies.name, active: agencies.active }).from(agencies).where(eq(agencies.id, input.agencyId!)).limit(1);
    if (!a) throw fieldError("agencyId", `Không có cơ quan, đơn vị mã ${input.agencyId}.`, `There is no agency ${input.agencyId}.`);
    if (!a.active) throw fieldError("agencyId", `"${a.name}" đã ngừng hoạt động trong danh sách của Văn phòng Điều phối.`, `"${a.name}" is marked inactive in the office's list.`);
    return { agencyId: a.id };
  }
  const [r] = await tx.select({ id: retailPoints.id }).from(retailPoints).where(eq(retailPoints.id, input.retailPointId!)).limit(1);
  if (!r) throw fieldError("retailPointId", `Không có điểm bán mã ${input.retailPointId}.`, `There is no retail point ${input.retailPointId}.`);
  return { retailPointId: r.id };
}

async function lockUser(tx: Tx, userId: string): Promise<UserRow> {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for("update").limit(1);
  if (!u) throw userNotFound();
  return u;
}

export async function assignRole({ ctx, input }: { ctx: ServiceCtx; input: AssignRoleInput & { userId: string } }): Promise<AssignmentView> {
  const actor = authorize(ctx.principal, "users.manage");
  return ctx.db.transaction(async (tx) => {
    const u = await lockUser(tx, input.userId);
    if (u.disabledAt) {
      throw conflict("user-disabled", { vi: "Tài khoản đã bị vô hiệu hóa", en: "Account disabled" }, {
        vi: "Không thể cấp vai trò cho tài khoản đã bị vô hiệu hóa.",
        en: "Roles cannot be granted to a disabled account.",
      });
    }
    const scope = await resolveScope(tx, input, ctx.now);
    const [dup] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, u.id),
          eq(roleAssignments.role, input.role),
          isNull(roleAssignments.revokedAt),
          scope.unitId !== undefined ? eq(roleAssignments.unitId, scope.unitId) : undefined,
          scope.producerId !== undefined ? eq(roleAssignments.producerId, scope.producerId) : undefined,
          scope.retailPointId !== undefined ? eq(roleAssignments.retailPointId, scope.retailPointId) : undefined,
          scope.agencyId !== undefined ? eq(roleAssignments.agencyId, scope.agencyId) : undefined,
        ),
      )
      .limit(1);
    if (dup) {
      throw conflict("role-exists", { vi: "Vai trò đã được cấp", en: "Role already granted" }, {
        vi: "Người dùng đã có vai trò này trong phạm vi này.",
        en: "The user already holds this role in this scope.",
      });
    }
    const [row] = await tx
      .insert(roleAssignments)
      .values({ userId: u.id, role: input.role, ...scope, grantedBy: actor.userId, grantedAt: ctx.now })
      .returning();
    const view = (await assignmentsOf(tx, [u.id], false)).get(u.id)!.find((a) => a.id === row!.id)!;
    await audit(tx, ctx, { action: "role.assign", subjectType: "user", subjectId: u.id, after: view });
    return view;
  });
}

export async function revokeRole({ ctx, input }: { ctx: ServiceCtx; input: { userId: string; assignmentId: number } }): Promise<AssignmentView> {
  const actor = authorize(ctx.principal, "users.manage");
  return ctx.db.transaction(async (tx) => {
    await lockUser(tx, input.userId);
    const before = (await assignmentsOf(tx, [input.userId], false)).get(input.userId)?.find((a) => a.id === input.assignmentId);
    if (!before) throw notFound({ vi: "vai trò được cấp", en: "The role assignment" });
    if (before.revokedAt) {
      throw conflict("already-revoked", { vi: "Vai trò đã bị thu hồi", en: "Role already revoked" }, {
        vi: "Vai trò này đã bị thu hồi trước đó.",
        en: "This role assignment was revoked before.",
      });
    }
    await tx.update(roleAssignments).set({ revokedAt: ctx.now }).where(eq(roleAssignments.id, input.assignmentId));
    const after = { ...before, revokedAt: ctx.now.toISOString() };
    await audit(tx, ctx, { action: "role.revoke", subjectType: "user", subjectId: input.userId, before, after });
    return after;
  });
}

/** Disables the account and ends its sessions in the same transaction; disabling twice changes nothing. */
export async function disableUser({ ctx, input }: { ctx: ServiceCtx; input: { userId: string } }): Promise<UserView> {
  const actor = authorize(ctx.principal, "users.manage");
  if (actor.userId === input.userId) {
    throw new AppError(400, "cannot-disable-self", { vi: "Không thể tự vô hiệu hóa", en: "Cannot disable yourself" }, {
      vi: "Bạn không thể vô hiệu hóa tài khoản của chính mình; hãy nhờ một quản trị viên khác.",
      en: "You cannot disable your own account; ask another administrator.",
    });
  }
  return ctx.db.transaction(async (tx) => {
    const u = await lockUser(tx, input.userId);
    let current = u;
    if (!u.disabledAt) {
      [current] = (await tx.update(users).set({ disabledAt: ctx.now }).where(eq(users.id, u.id)).returning()) as [UserRow];
      await tx.delete(sessions).where(eq(sessions.userId, u.id));
      await audit(tx, ctx, { action: "user.disable", subjectType: "user", subjectId: u.id, before: auditedUser(u), after: auditedUser(current) });
    }
    const roles = await assignmentsOf(tx, [u.id], false);
    return userView(current, roles.get(u.id) ?? []);
  });
}

/**
 * The first administrator, for `npm run create-admin` only: nobody is signed in to authorize it, so the
 * operator running the script on the server is the authority, and the audit record has no actor.
 */
export async function bootstrapSystemAdmin({
  db,
  now,
  input,
}: {
  db: Db;
  now: Date;
  input: CreateUserInput & { provinceUnitId: number };
}): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  return withUsernameGuard(input.username, () =>
    db.transaction(async (tx) => {
      const u = await insertUser(tx, input, passwordHash, now);
      await writeAudit(tx, { actorId: null, action: "user.create", subjectType: "user", subjectId: u.id, after: auditedUser(u) }, now);
      const scope = await resolveScope(tx, { role: "system_admin", unitId: input.provinceUnitId }, now);
      await tx.insert(roleAssignments).values({ userId: u.id, role: "system_admin", ...scope, grantedBy: null, grantedAt: now });
      const roles = (await assignmentsOf(tx, [u.id], false)).get(u.id) ?? [];
      await writeAudit(tx, { actorId: null, action: "role.assign", subjectType: "user", subjectId: u.id, after: roles[0] }, now);
      return userView(u, roles);
    }),
  );
}
