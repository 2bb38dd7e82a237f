import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../http/env.js";
import { can, unitScopes } from "../../auth/policy.js";
import type { Db } from "../../db/client.js";
import { vnToday } from "../../lib/dates.js";
import { createRouter } from "../../http/router.js";
import { AppError, forbidden } from "../../lib/problem.js";
import { problem } from "../../http/openapi-kit.js";
import { parseInput } from "../../lib/validation.js";
import { getUnit, listUnits } from "../units/index.js";
import {
  AddMemberInput,
  CreateProducerInput,
  ListProducersQuery,
  MemberSchema,
  ProducerDetailSchema,
  ProducerListSchema,
  UpdateProducerInput,
} from "./inputs.js";
import {
  type CommuneGroup,
  type MemberFormValues,
  type ProducerFormValues,
  producerPage,
  producersListPage,
  registerProducerPage,
} from "./producers-pages.js";
import { addMember, getProducer, listProducers, mayRegister, ownProducerIds, registerProducer, updateProducer } from "./service.js";
import { formString, frame, page } from "../../web/page.js";
import { serviceCtx } from "../../http/service-ctx.js";

const ProducerIdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" }, example: 12 }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const common = {
  400: problem("Invalid input (unknown fields, wrong types, a tax code, phone or commune that does not fit)"),
  401: problem("Sign-in required"),
  403: problem("Not allowed, or missing x-csrf-token"),
};

const registerRoute = createRoute({
  method: "post",
  path: "/api/producers",
  tags: ["producers"],
  summary: "Register a producer (Đăng ký chủ thể OCOP)",
  description:
    "Any signed-in account without a producer registers its organisation and becomes its first member (producer_member). The provincial office may register a producer of its province on its behalf without becoming a member.",
  request: { body: { required: true, content: { "application/json": { schema: CreateProducerInput } } } },
  responses: {
    201: json(ProducerDetailSchema, "The new producer with its members"),
    ...common,
    409: problem("The tax code is already registered, or the account already belongs to a producer"),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/producers",
  tags: ["producers"],
  summary: "List producers (Danh sách chủ thể)",
  description: "Producers in the caller's units (commune, district, province), or the caller's own producer, by name.",
  request: { query: ListProducersQuery },
  responses: { 200: json(ProducerListSchema, "A page of producers"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/producers/{id}",
  tags: ["producers"],
  summary: "One producer with its members (Hồ sơ chủ thể)",
  request: { params: ProducerIdParam },
  responses: { 200: json(ProducerDetailSchema, "The producer"), ...common, 404: problem("No such producer visible to the caller") },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/api/producers/{id}",
  tags: ["producers"],
  summary: "Update a producer (Sửa thông tin chủ thể)",
  description: "For the producer's members and the provincial office. Absent fields are kept; null clears an optional field.",
  request: { params: ProducerIdParam, body: { required: true, content: { "application/json": { schema: UpdateProducerInput } } } },
  responses: { 200: json(ProducerDetailSchema, "The updated producer"), ...common, 404: problem("No such producer visible to the caller"), 409: problem("The tax code is already registered") },
});

const addMemberRoute = createRoute({
  method: "post",
  path: "/api/producers/{id}/members",
  tags: ["producers"],
  summary: "Create an account for a member (Thêm thành viên chủ thể)",
  description: "A member of the producer (or the provincial office) creates an account that holds producer_member for this producer.",
  request: { params: ProducerIdParam, body: { required: true, content: { "application/json": { schema: AddMemberInput } } } },
  responses: { 201: json(MemberSchema, "The new member"), ...common, 404: problem("No such producer visible to the caller"), 409: problem("The username is taken") },
});

// ---- pages -------------------------------------------------------------------------------------------

/** Communes in force today, grouped under the unit above them, both in Vietnamese alphabetical order. */
async function communeGroups(db: Db, now: Date): Promise<CommuneGroup[]> {
  const communes = await listUnits(db, { level: "commune", at: vnToday(now) });
  const groups = new Map<number | null, CommuneGroup>();
  for (const u of communes) {
    let g = groups.get(u.parentId);
    if (!g) {
      const parent = u.parentId !== null ? await getUnit(db, u.parentId) : undefined;
      g = { label: parent?.name ?? "—", communes: [] };
      groups.set(u.parentId, g);
    }
    g.communes.push({ id: u.id, name: u.name });
  }
  const coll = new Intl.Collator("vi");
  const out = [...groups.values()].sort((a, b) => coll.compare(a.label, b.label));
  for (const g of out) g.communes.sort((a, b) => coll.compare(a.name, b.name));
  return out;
}



/** Errors the person filling the form can correct, shown beside the form; others get the error page. */
const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);


const FORM_FIELDS = [
  "name",
  "kind",
  "taxCode",
  "communeId",
  "address",
  "phone",
  "email",
  "representativeName",
  "representativeGender",
  "representativeEthnicity",
  "registrationNumber",
  "registrationDate",
  "website",
  "publicContacts",
] as const satisfies readonly (keyof ProducerFormValues)[];
const REQUIRED = new Set(["name", "kind", "communeId", "address"]);

const formValues = (body: Record<string, unknown>): ProducerFormValues => Object.fromEntries(FORM_FIELDS.map((f) => [f, formString(body, f)]));

/**
 * Form text to the JSON shape. An empty optional field is absent when registering and cleared (null) when
 * editing; a commune id that is not a number stays a string so zod reports it.
 */
function formInput(v: ProducerFormValues, empty: undefined | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) {
    const raw = (v[f] ?? "").trim();
    if (f === "publicContacts") out[f] = raw === "on" || raw === "true";
    else if (f === "communeId") out[f] = raw === "" ? undefined : /^\d{1,12}$/.test(raw) ? Number(raw) : raw;
    else if (raw === "") out[f] = REQUIRED.has(f) ? "" : empty;
    else out[f] = raw;
  }
  return out;
}

function memberValues(body: Record<string, unknown>): MemberFormValues {
  return { username: formString(body, "username"), displayName: formString(body, "displayName"), email: formString(body, "email").trim(), locale: formString(body, "locale") || "vi" };
}

async function listPage(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  const principal = ctx.principal!;
  const own = ownProducerIds(principal);
  // A producer's member has one producer: its page is the list.
  if (unitScopes(principal, "producers.read").length === 0) {
    if (own.length) return c.redirect(`/producers/${own[0]}`, 303);
    if (mayRegister(principal)) return c.redirect("/producers/new", 303);
    throw forbidden();
  }
  const query = parseInput(ListProducersQuery, { ...c.req.query(), kind: c.req.query("kind") || undefined });
  const list = await listProducers({ ctx, input: query });
  return c.html(producersListPage({ ...frame(c), list, query, canRegister: mayRegister(principal) }), 200);
}

async function registerPage(c: Context<AppEnv>, status: ContentfulStatusCode, extra: { error?: AppError; values?: ProducerFormValues } = {}) {
  const ctx = serviceCtx(c);
  const onBehalf = unitScopes(ctx.principal, "producers.register").length > 0;
  const own = ownProducerIds(ctx.principal);
  if (!onBehalf && own.length > 0 && status === 200) return c.redirect(`/producers/${own[0]}`, 303);
  if (!mayRegister(ctx.principal) && status === 200) return c.redirect("/producers", 303);
  const communes = await communeGroups(ctx.db, ctx.now);
  return c.html(registerProducerPage({ ...frame(c), communes, onBehalf, ...extra }), status);
}

async function detailPage(
  c: Context<AppEnv>,
  producerId: number,
  status: ContentfulStatusCode,
  extra: { form?: "edit" | "member"; error?: AppError; values?: ProducerFormValues; memberValues?: MemberFormValues } = {},
) {
  const ctx = serviceCtx(c);
  const producer = await getProducer({ ctx, input: { producerId } });
  const resource = { unitPath: producer.unitPath, producerId: producer.id };
  const canManage = can(ctx.principal, "producers.manage", resource);
  const canManageMembers = can(ctx.principal, "producers.members.manage", resource);
  const communes = canManage ? await communeGroups(ctx.db, ctx.now) : [];
  return c.html(producerPage({ ...frame(c), producer, canManage, canManageMembers, communes, done: c.req.query("done"), ...extra }), status);
}

function idParam(c: Context<AppEnv>): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError(404, "not-found", { vi: "Không tìm thấy", en: "Not found" });
  return id;
}

// Declared routes first: a plain .get/.post returns a Hono without .openapi.
export const producersRoutes = createRouter()
  .openapi(registerRoute, async (c) => c.json(await registerProducer({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(listRoute, async (c) => c.json(await listProducers({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(getRoute, async (c) => c.json(await getProducer({ ctx: serviceCtx(c), input: { producerId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) =>
    c.json(await updateProducer({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), producerId: c.req.valid("param").id } }), 200),
  )
  .openapi(addMemberRoute, async (c) =>
    c.json(await addMember({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), producerId: c.req.valid("param").id } }), 201),
  )
  .get("/producers", (c) => page(c, () => listPage(c)))
  .get("/producers/new", (c) => page(c, () => registerPage(c, 200)))
  .post("/producers/new", (c) =>
    page(c, async () => {
      const values = formValues(await c.req.parseBody());
      try {
        const input = parseInput(CreateProducerInput, formInput(values, undefined));
        const producer = await registerProducer({ ctx: serviceCtx(c), input });
        return c.redirect(`/producers/${producer.id}?done=registered`, 303);
      } catch (err) {
        if (isInputError(err)) return registerPage(c, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .get("/producers/:id{[0-9]+}", (c) => page(c, () => detailPage(c, idParam(c), 200)))
  .post("/producers/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const producerId = idParam(c);
      const values = formValues(await c.req.parseBody());
      try {
        const input = parseInput(UpdateProducerInput, formInput(values, null));
        await updateProducer({ ctx: serviceCtx(c), input: { ...input, producerId } });
        return c.redirect(`/producers/${producerId}?done=updated`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, producerId, err.status, { form: "edit", error: err, values });
        throw err;
      }
    }),
  )
  .post("/producers/:id{[0-9]+}/members", (c) =>
    page(c, async () => {
      const producerId = idParam(c);
      const body = await c.req.parseBody();
      const values = memberValues(body);
      try {
        const input = parseInput(AddMemberInput, { ...values, email: values.email || undefined, password: formString(body, "password") });
        await addMember({ ctx: serviceCtx(c), input: { ...input, producerId } });
        return c.redirect(`/producers/${producerId}?done=member#members`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, producerId, err.status, { form: "member", error: err, memberValues: values });
        throw err;
      }
    }),
  );
