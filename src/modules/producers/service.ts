import { aliasedTable, and, asc, count, eq, ilike, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { hashPassword } from "../../auth/password.js";
import { authorize, can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx, Tx } from "../../db/client.js";
import { vnToday } from "../../lib/dates.js";
import { AppError, conflict, type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import { auditedUser, insertUser, withUsernameGuard } from "../accounts/index.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { audit } from "../audit/index.js";
import { adminUnits } from "../units/schema.js";
import type { AddMemberInput, CreateProducerInput, ListProducersQuery, MemberView, ProducerDetail, ProducerList, ProducerView, UpdateProducerInput } from "./inputs.js";
import { producers } from "./schema.js";


type ProducerRow = typeof producers.$inferSelect;

const producerNotFound = () => notFound({ vi: "chủ thể OCOP", en: "The OCOP producer" });

const taxCodeTaken = (taxCode: string) =>
  conflict("tax-code-taken", { vi: "Mã số thuế đã được đăng ký", en: "Tax code already registered" }, {
    vi: `Đã có chủ thể đăng ký với mã số thuế ${taxCode}. Nếu đây là đơn vị của bạn, hãy nhờ thành viên của chủ thể đó thêm bạn vào.`,
    en: `A producer with the tax code ${taxCode} is already registered. If it is yours, ask one of its members to add you.`,
  });

const alreadyProducer = () =>
  conflict("already-producer-member", { vi: "Tài khoản đã thuộc một chủ thể", en: "Account already belongs to a producer" }, {
    vi: "Tài khoản của bạn đã là thành viên của một chủ thể OCOP. Mỗi tài khoản chỉ đăng ký một chủ thể.",
    en: "Your account is already a member of an OCOP producer. Each account registers one producer.",
  });

const officialCannotJoin = () =>
  forbidden({
    vi: "Tài khoản cán bộ không thể tự đăng ký làm thành viên chủ thể. Hãy dùng tài khoản riêng của chủ thể, hoặc nhờ Văn phòng Điều phối tỉnh đăng ký thay.",
    en: "An official's account cannot register itself as a producer's member. Use the producer's own account, or ask the provincial office to register it.",
  });

/** Whether the principal holds a role in an administrative unit (an official's account). */
export const holdsOfficialRole = (principal: Principal | null) => (principal?.grants ?? []).some((g) => g.unitId !== undefined);

/** Whether the principal may register a producer: its own (no producer yet, not an official) or on behalf. */
export const mayRegister = (principal: Principal | null) =>
  !!principal && (unitScopes(principal, "producers.register").length > 0 || (ownProducerIds(principal).length === 0 && !holdsOfficialRole(principal)));

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Runs the transaction and turns a tax-code unique violation lost to a concurrent writer into the same 409. */
async function withTaxCodeGuard<T>(taxCode: string | null | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (taxCode && !(err instanceof AppError) && isUniqueViolation(err)) throw taxCodeTaken(taxCode);
    throw err;
  }
}

// ---- reading -------------------------------------------------------------------------------------------

const commune = aliasedTable(adminUnits, "producer_commune");
const parentUnit = aliasedTable(adminUnits, "producer_commune_parent");

function selectProducers(db: DbOrTx) {
  return db
    .select({ p: producers, communeName: commune.name, unitPath: commune.path, parentUnitName: parentUnit.name })
    .from(producers)
    .innerJoin(commune, eq(commune.id, producers.communeId))
    .leftJoin(parentUnit, eq(parentUnit.id, commune.parentId));
}

type Joined = { p: ProducerRow; communeName: string; unitPath: string; parentUnitName: string | null };

function producerView(r: Joined): ProducerView {
  const p = r.p;
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    taxCode: p.taxCode,
    communeId: p.communeId,
    communeName: r.communeName,
    parentUnitName: r.parentUnitName,
    unitPath: r.unitPath,
    address: p.address,
    phone: p.phone,
    email: p.email,
    representativeName: p.representativeName,
    representativeGender: p.representativeGender,
    representativeEthnicity: p.representativeEthnicity,
    registrationNumber: p.registrationNumber,
    registrationDate: p.registrationDate,
    website: p.website,
    publicContacts: p.publicContacts,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** What audit records keep of a producer: its own columns, dates as ISO strings. */
const audited = (p: ProducerRow) => ({ ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() });

async function membersOf(db: DbOrTx, producerId: number): Promise<MemberView[]> {
  const rows = await db
    .select({ a: roleAssignments, username: users.username, displayName: users.displayName, disabledAt: users.disabledAt })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.producerId, producerId), eq(roleAssignments.role, "producer_member"), isNull(roleAssignments.revokedAt)))
    .orderBy(asc(roleAssignments.id));
  return rows.map((r) => ({
    userId: r.a.userId,
    username: r.username,
    displayName: r.displayName,
    assignmentId: r.a.id,
    grantedAt: r.a.grantedAt.toISOString(),
    disabled: r.disabledAt !== null,
  }));
}

/** The producers a principal holds producer_member for. */
export function ownProducerIds(principal: Principal | null): number[] {
  return [...new Set((principal?.grants ?? []).filter((g) => g.role === "producer_member" && g.producerId !== undefined).map((g) => g.producerId!))];
}

/** Which producers the principal may read: inside its unit scopes, or its own. Throws 401/403 when none at all. */
function readableProducers(principal: Principal | null): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "producers.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(scopes.length ? withinUnits(commune.path, scopes) : undefined, own.length ? inArray(producers.id, own) : undefined);
}

export async function listProducers({ ctx, input }: { ctx: ServiceCtx; input: ListProducersQuery }): Promise<ProducerList> {
  const visible = readableProducers(ctx.principal);
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => "\\" + m)}%` : undefined;
  const where = and(
    visible,
    q ? or(ilike(producers.name, q), ilike(producers.taxCode, q), ilike(producers.address, q)) : undefined,
    input.kind ? eq(producers.kind, input.kind) : undefined,
    input.communeId ? eq(producers.communeId, input.communeId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectProducers(ctx.db).where(where).orderBy(asc(producers.name), asc(producers.id)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(producers).innerJoin(commune, eq(commune.id, producers.communeId)).where(where),
  ]);
  return { items: rows.map(producerView), total: total?.n ?? 0 };
}

async function loadProducer(db: DbOrTx, id: number): Promise<Joined | undefined> {
  const [r] = await selectProducers(db).where(eq(producers.id, id)).limit(1);
  return r;
}

/** The producer's policy resource: where it lies and which producer it is. */
const resourceOf = (r: Joined) => ({ unitPath: r.unitPath, producerId: r.p.id });

/** One producer with its members. A producer the caller may not read is "not found". */
export async function getProducer({ ctx, input }: { ctx: ServiceCtx; input: { producerId: number } }): Promise<ProducerDetail> {
  if (!ctx.principal) throw unauthenticated();
  const r = await loadProducer(ctx.db, input.producerId);
  if (!r || !can(ctx.principal, "producers.read", resourceOf(r))) throw producerNotFound();
  return { ...producerView(r), members: await membersOf(ctx.db, r.p.id) };
}

// ---- changing ------------------------------------------------------------------------------------------

type Checked = { kind: ProducerRow["kind"]; taxCode: string | null; communeId: number };

/**
 * The rules that need the database or several fields: a tax code for enterprises and cooperatives, a
 * commune-level unit in force today, a tax code nobody else registered. All field errors at once.
 */
async function checkRules(tx: Tx, v: Checked, now: Date, selfId?: number): Promise<{ path: string }> {
  const errors: FieldError[] = [];
  const add = (path: string, vi: string, en: string) => errors.push({ path, message: en, vi, en });
  if ((v.kind === "dn" || v.kind === "htx") && !v.taxCode) {
    add("taxCode", "Doanh nghiệp và hợp tác xã phải có mã số thuế.", "Enterprises and cooperatives must give their tax code.");
  }
  const [unit] = await tx.select().from(adminUnits).where(eq(adminUnits.id, v.communeId)).limit(1);
  const today = vnToday(now);
  if (!unit) add("communeId", `Không có đơn vị hành chính mã ${v.communeId}.`, `There is no administrative unit ${v.communeId}.`);
  else if (unit.level !== "commune") add("communeId", `"${unit.name}" không phải đơn vị cấp xã; hãy chọn xã, phường hoặc thị trấn.`, `"${unit.name}" is not a commune-level unit; choose a commune, ward or town.`);
  else if (unit.validFrom > today || (unit.validTo !== null && unit.validTo <= today)) {
    add("communeId", `Đơn vị "${unit.name}" hiện không còn hiệu lực; hãy chọn đơn vị hiện hành.`, `The unit "${unit.name}" is not in force today; choose a current one.`);
  }
  if (errors.length) throw validationError(errors);
  if (v.taxCode) {
    const [taken] = await tx
      .select({ id: producers.id })
      .from(producers)
      .where(and(eq(producers.taxCode, v.taxCode), selfId !== undefined ? ne(producers.id, selfId) : undefined))
      .limit(1);
    if (taken) throw taxCodeTaken(v.taxCode);
  }
  return { path: unit!.path };
}

const optional = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * A signed-in account registers its organisation and becomes its first member (producer_member), in one
 * transaction with the audit records. An account already in a producer cannot register another. The
 * provincial office may register a producer in its province on the producer's behalf: it does not become a
 * member, and adds the producer's people with addMember. Other officials' accounts may not register (403):
 * an official does not become a producer's member by accident.
 */
export async function registerProducer({ ctx, input }: { ctx: ServiceCtx; input: CreateProducerInput }): Promise<ProducerDetail> {
  const actor = ctx.principal;
  if (!actor) throw unauthenticated();
  return withTaxCodeGuard(input.taxCode, () =>
    ctx.db.transaction(async (tx) => {
      const taxCode = optional(input.taxCode);
      const { path } = await checkRules(tx, { kind: input.kind, taxCode, communeId: input.communeId }, ctx.now);
      const onBehalf = can(actor, "producers.register", { unitPath: path });
      if (!onBehalf && ownProducerIds(actor).length > 0) throw alreadyProducer();
      if (!onBehalf && holdsOfficialRole(actor)) throw officialCannotJoin();
      const [row] = await tx
        .insert(producers)
        .values({
          name: input.name,
          kind: input.kind,
          taxCode,
          communeId: input.communeId,
          address: input.address,
          phone: optional(input.phone),
          email: optional(input.email),
          representativeName: optional(input.representativeName),
          representativeGender: optional(input.representativeGender),
          representativeEthnicity: optional(input.representativeEthnicity),
          registrationNumber: optional(input.registrationNumber),
          registrationDate: optional(input.registrationDate),
          website: optional(input.website),
          publicContacts: input.publicContacts,
          createdBy: actor.userId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      const p = row!;
      await audit(tx, ctx, { action: "producer.register", subjectType: "producer", subjectId: p.id, after: { ...audited(p), onBehalf } });
      if (!onBehalf) {
        const [a] = await tx.insert(roleAssignments).values({ userId: actor.userId, role: "producer_member", producerId: p.id, grantedBy: actor.userId, grantedAt: ctx.now }).returning();
        await audit(tx, ctx, { action: "role.assign", subjectType: "user", subjectId: actor.userId, after: { id: a!.id, role: a!.role, producerId: p.id, producerName: p.name, grantedBy: actor.userId, grantedAt: ctx.now.toISOString() } });
      }
      const joined = (await loadProducer(tx, p.id))!;
      return { ...producerView(joined), members: await membersOf(tx, p.id) };
    }),
  );
}

/** Loads and locks the producer; "not found" when the caller may not read it, 403 when it may read but not do `action`. */
async function lockFor(tx: Tx, principal: Principal | null, producerId: number, action: "producers.manage" | "producers.members.manage"): Promise<{ row: Joined; actor: Principal }> {
  if (!principal) throw unauthenticated();
  await tx.select({ id: producers.id }).from(producers).where(eq(producers.id, producerId)).for("update").limit(1);
  const row = await loadProducer(tx, producerId);
  if (!row || !can(principal, "producers.read", resourceOf(row))) throw producerNotFound();
  return { row, actor: authorize(principal, action, resourceOf(row)) };
}

export async function updateProducer({ ctx, input }: { ctx: ServiceCtx; input: UpdateProducerInput & { producerId: number } }): Promise<ProducerDetail> {
  const { producerId, ...changes } = input;
  return withTaxCodeGuard(changes.taxCode, () =>
    ctx.db.transaction(async (tx) => {
      const { row, actor } = await lockFor(tx, ctx.principal, producerId, "producers.manage");
      const before = row.p;
      const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<ProducerRow>;
      const merged = { ...before, ...set };
      const { path } = await checkRules(tx, { kind: merged.kind, taxCode: merged.taxCode, communeId: merged.communeId }, ctx.now, before.id);
      // Moving a producer out of the office's province would take it out of the office's own reach.
      if (merged.communeId !== before.communeId) authorize(actor, "producers.manage", { unitPath: path, producerId: before.id });
      const [after] = await tx.update(producers).set({ ...set, updatedAt: ctx.now }).where(eq(producers.id, before.id)).returning();
      await audit(tx, ctx, { action: "producer.update", subjectType: "producer", subjectId: before.id, before: audited(before), after: audited(after!) });
      const joined = (await loadProducer(tx, before.id))!;
      return { ...producerView(joined), members: await membersOf(tx, before.id) };
    }),
  );
}

/**
 * A member (or the provincial office) creates an account for a colleague, who becomes producer_member of the
 * same producer: the account, the role and both audit records in one transaction.
 */
export async function addMember({ ctx, input }: { ctx: ServiceCtx; input: AddMemberInput & { producerId: number } }): Promise<MemberView> {
  const { producerId, ...account } = input;
  if (!ctx.principal) throw unauthenticated();
  // Refuse before spending ~60 ms on the hash; checked again under the lock.
  const found = await loadProducer(ctx.db, producerId);
  if (!found || !can(ctx.principal, "producers.read", resourceOf(found))) throw producerNotFound();
  authorize(ctx.principal, "producers.members.manage", resourceOf(found));
  const passwordHash = await hashPassword(account.password);
  return withUsernameGuard(account.username, () =>
    ctx.db.transaction(async (tx) => {
      const { row, actor } = await lockFor(tx, ctx.principal, producerId, "producers.members.manage");
      const u = await insertUser(tx, account, passwordHash, ctx.now);
      await audit(tx, ctx, { action: "user.create", subjectType: "user", subjectId: u.id, after: auditedUser(u) });
      const [a] = await tx.insert(roleAssignments).values({ userId: u.id, role: "producer_member", producerId: row.p.id, grantedBy: actor.userId, grantedAt: ctx.now }).returning();
      await audit(tx, ctx, { action: "role.assign", subjectType: "user", subjectId: u.id, after: { id: a!.id, role: a!.role, producerId: row.p.id, producerName: row.p.name, grantedBy: actor.userId, grantedAt: ctx.now.toISOString() } });
      return { userId: u.id, username: u.username, displayName: u.displayName, assignmentId: a!.id, grantedAt: a!.grantedAt.toISOString(), disabled: false };
    }),
  );
}
