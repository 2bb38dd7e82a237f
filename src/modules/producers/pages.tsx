import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { can, unitScopes } from "../../auth/policy.js";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { type AppError, forbidden } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, idParam, isInputError, page } from "../../web/page.js";
import { AddMemberInput, CreateProducerInput, ListProducersQuery, UpdateProducerInput } from "./inputs.js";
import { communeGroups } from "./queries.js";
import { addMember, getProducer, listProducers, mayRegister, ownProducerIds, registerProducer, updateProducer } from "./service.js";
import { type MemberFormValues, type ProducerFormValues, producerPage, producersListPage, registerProducerPage } from "./views/producers.js";

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
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && k !== "lang"));
  const query = parseInput(ListProducersQuery, raw);
  const list = await listProducers({ ctx, input: query });
  return c.html(producersListPage({ ...frame(c), list, query, communes: await communeGroups(ctx.db, ctx.now), canRegister: mayRegister(principal) }), 200);
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

/** Mounted at /producers. */
export const producersPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, () => listPage(c)))
  .get("/new", (c) => page(c, () => registerPage(c, 200)))
  .post("/new", (c) =>
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
  .get("/:id{[0-9]+}", (c) => page(c, () => detailPage(c, idParam(c), 200)))
  .post("/:id{[0-9]+}", (c) =>
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
  .post("/:id{[0-9]+}/members", (c) =>
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
