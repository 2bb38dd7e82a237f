import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../src/auth/password.js";
import type { Grant, Principal } from "../../src/domain/principal.js";
import type { Db, DbOrTx } from "../../src/db/client.js";
import { roleAssignments, users } from "../../src/modules/accounts/schema.js";
import type { Role } from "../../src/domain/roles.js";
import { producers } from "../../src/modules/producers/schema.js";
import { retailPoints } from "../../src/modules/retail/schema.js";
import { adminUnits } from "../../src/modules/units/schema.js";

/**
 * Per-test fixtures: every call makes rows of its own with random codes and names, so test files and tests
 * never collide and never depend on seeded data or on each other.
 */

const uid = (bytes = 4) => randomBytes(bytes).toString("hex");

export type TestUnit = { id: number; code: string; name: string; level: "province" | "district" | "commune"; path: string; parentId: number | null };

export type UnitTree = {
  province: TestUnit;
  districts: [TestUnit, TestUnit];
  /** communes[d][c]: commune c of district d. */
  communes: [[TestUnit, TestUnit], [TestUnit, TestUnit]];
};

const KIND = { province: "tỉnh", district: "huyện", commune: "xã" } as const;

/**
 * Numeric codes of the official widths (province 2 digits, district 3, commune 5), because product codes are
 * built from them. Each test file has its own database, so a counter per level keeps them unique within it.
 */
const WIDTH = { province: 2, district: 3, commune: 5 } as const;
const nextCode = { province: 10, district: 100, commune: 10000 };
const newCode = (level: TestUnit["level"]) => String(nextCode[level]++).padStart(WIDTH[level], "0");

export async function createUnit(
  db: DbOrTx,
  opts: { level: TestUnit["level"]; parent?: TestUnit | null; name?: string; code?: string; validFrom?: string; validTo?: string | null },
): Promise<TestUnit> {
  const code = opts.code ?? newCode(opts.level);
  const name = opts.name ?? `${KIND[opts.level]} thử ${code}`;
  const parentId = opts.parent?.id ?? null;
  // The path ends with the row's own id, known only after the insert.
  const [row] = await db
    .insert(adminUnits)
    .values({
      code,
      name,
      kind: KIND[opts.level],
      level: opts.level,
      parentId,
      validFrom: opts.validFrom ?? "2020-01-01",
      validTo: opts.validTo ?? null,
      path: "pending",
      source: "test fixture",
    })
    .returning({ id: adminUnits.id });
  const path = opts.parent ? `${opts.parent.path}.${row!.id}` : String(row!.id);
  await db.update(adminUnits).set({ path }).where(eq(adminUnits.id, row!.id));
  return { id: row!.id, code, name, level: opts.level, path, parentId };
}

/** A province-like root with 2 districts of 2 communes each. */
export async function createUnitTree(db: DbOrTx): Promise<UnitTree> {
  const province = await createUnit(db, { level: "province" });
  const districts = [await createUnit(db, { level: "district", parent: province }), await createUnit(db, { level: "district", parent: province })] as const;
  const communes = [] as unknown as UnitTree["communes"];
  for (const d of districts) {
    communes.push([await createUnit(db, { level: "commune", parent: d }), await createUnit(db, { level: "commune", parent: d })]);
  }
  return { province, districts: [...districts], communes };
}

export type TestProducer = { id: number; name: string; communeId: number; unitPath: string };

export async function createProducer(db: DbOrTx, commune: TestUnit, opts: { name?: string } = {}): Promise<TestProducer> {
  const name = opts.name ?? `HTX thử ${uid()}`;
  const [row] = await db
    .insert(producers)
    .values({ name, kind: "htx", communeId: commune.id, address: `Thôn 1, ${commune.name}` })
    .returning({ id: producers.id });
  return { id: row!.id, name, communeId: commune.id, unitPath: commune.path };
}

export type TestRetailPoint = { id: number; name: string; communeId: number; unitPath: string };

export async function createRetailPoint(db: DbOrTx, commune: TestUnit, opts: { name?: string } = {}): Promise<TestRetailPoint> {
  const name = opts.name ?? `Điểm bán thử ${uid()}`;
  const [row] = await db
    .insert(retailPoints)
    .values({ name, communeId: commune.id, address: `Chợ ${commune.name}` })
    .returning({ id: retailPoints.id });
  return { id: row!.id, name, communeId: commune.id, unitPath: commune.path };
}

export const DEFAULT_PASSWORD = "Mat-khau-thu-2026";
let defaultHash: Promise<string> | undefined;
// Hashing costs ~60 ms; users made with the default password share one hash.
const hashFor = (password: string) => (password === DEFAULT_PASSWORD ? (defaultHash ??= hashPassword(DEFAULT_PASSWORD)) : hashPassword(password));

export type GrantSpec = { role: Role; unitId?: number; producerId?: number; retailPointId?: number; agencyId?: number };

/** A grant spec from a role and a fixture scope: a unit, a producer or a retail point. */
export function grant(role: Role, scope: TestUnit | TestProducer | TestRetailPoint): GrantSpec {
  if ("level" in scope) return { role, unitId: scope.id };
  if (role === "retail_operator") return { role, retailPointId: scope.id };
  return { role, producerId: scope.id };
}

export type TestUser = { id: string; username: string; password: string; displayName: string };

export async function createUser(
  db: Db,
  opts: { grants?: GrantSpec[]; username?: string; password?: string; displayName?: string; disabled?: boolean; locale?: "vi" | "en" } = {},
): Promise<TestUser> {
  const id = `u_${uid(8)}`;
  const username = opts.username ?? `user_${uid()}`;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const displayName = opts.displayName ?? `Người dùng ${username}`;
  await db.insert(users).values({
    id,
    username,
    displayName,
    passwordHash: await hashFor(password),
    locale: opts.locale ?? "vi",
    disabledAt: opts.disabled ? new Date() : null,
  });
  for (const g of opts.grants ?? []) {
    await db.insert(roleAssignments).values({ userId: id, role: g.role, unitId: g.unitId, producerId: g.producerId, retailPointId: g.retailPointId, agencyId: g.agencyId });
  }
  return { id, username, password, displayName };
}

/** A principal for pure policy checks, without any database. */
export function principalWith(...grants: Grant[]): Principal {
  return { userId: `p_${uid()}`, username: "policy-test", displayName: "Policy test", locale: "vi", grants };
}

type Requester = { request(input: string, init?: RequestInit): Response | Promise<Response> };

export type SignedInSession = {
  cookie: string;
  csrfToken: string;
  /** Cookie and x-csrf-token, ready for app.request. */
  headers: { cookie: string; "x-csrf-token": string };
};

/** The name=value part of a Set-Cookie header for one cookie, or undefined. */
export function cookieFrom(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(";")[0]!;
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return undefined;
}

/** Signs in through the JSON API and returns what later requests need. Throws when sign-in fails. */
export async function signIn(app: Requester, username: string, password: string = DEFAULT_PASSWORD): Promise<SignedInSession> {
  const res = await app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = cookieFrom(res, "ocop_session");
  if (!cookie) throw new Error("sign-in set no session cookie");
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, "x-csrf-token": body.csrfToken } };
}

/** Creates a user with the grants and signs them in. */
export async function signedInUser(app: Requester, db: Db, grants: GrantSpec[], opts: { username?: string } = {}) {
  const user = await createUser(db, { grants, ...opts });
  return { user, session: await signIn(app, user.username, user.password) };
}

export type AnonymousForm = { cookie: string; csrfToken: string };

/** What an anonymous browser holds after loading the sign-in page: the double-submit cookie and the form token. */
export async function anonymousForm(app: Requester): Promise<AnonymousForm> {
  const res = await app.request("/login");
  const cookie = cookieFrom(res, "ocop_csrf");
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !token) throw new Error("the sign-in page gave no CSRF cookie or token");
  return { cookie, csrfToken: token };
}

/** The token a page rendered for this session (forms carry it as `_csrf`). */
export function csrfFieldIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

export function jsonHeaders(session?: { headers: Record<string, string> } | null, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", ...(session?.headers ?? {}), ...extra };
}

export function formHeaders(session?: { cookie: string } | null, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}), ...extra };
}

/** A urlencoded form body; the session's (or anonymous form's) token goes in `_csrf` unless given. */
export function formBody(fields: Record<string, string | number>, session?: { csrfToken: string } | null): string {
  const p = new URLSearchParams();
  if (session && !("_csrf" in fields)) p.set("_csrf", session.csrfToken);
  for (const [k, v] of Object.entries(fields)) p.set(k, String(v));
  return p.toString();
}
