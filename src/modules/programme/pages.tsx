import { Hono, type Context } from "hono";
import { unitScopes } from "../../auth/policy.js";
import { modelIndicators } from "../../domain/programme-indicators.js";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { vnToday } from "../../lib/dates.js";
import { type AppError, notFound, validationError } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { CreatePlanInput, EventInput, IndicatorInput } from "./inputs.js";
import { eventUnitChoices, eventUnitPath } from "./queries/units.js";
import { addParticipant, createEvent, getEvent, listEvents, officialTrainingRecord, participantChoices, producerTrainingRecord, removeParticipant } from "./services/events.js";
import { addIndicator, createProgrammePlan, getProgrammePlan, listProgrammePlans, manageableProvincePaths, removeIndicator } from "./services/plans.js";
import { indicatorRecords, planProgress } from "./services/progress.js";
import { eventPage, eventsPage, trainingPage, type Values } from "./views/events.js";
import { planPage, plansPage, recordsPage } from "./views/plans.js";

/** A whole number typed in a form, or undefined when left empty (the schema says what is wrong with the rest). */
const int = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : /^-?\d+$/.test(s.trim()) ? Number(s.trim()) : (s.trim() as unknown as number));
const valuesOf = (body: Record<string, unknown>, names: string[]): Values => Object.fromEntries(names.map((n) => [n, formString(body, n).slice(0, 2000)]));

const PLAN_FIELDS = ["year", "number", "issuedOn", "title", "seedTargets"];
const INDICATOR_FIELDS = ["label", "rule", "params.minStars", "params.maxStars", "params.baseYear", "targetMin", "targetMax"];
const EVENT_FIELDS = ["kind", "unitId", "title", "topic", "startsOn", "endsOn", "place", "organiser"];

async function plansHtml(c: Context<AppEnv>, values: Values, error?: AppError) {
  const ctx = serviceCtx(c);
  return plansPage({ ...frame(c), plans: await listProgrammePlans({ ctx }), canCreate: manageableProvincePaths(ctx).length > 0, values, ...(error ? { error } : {}), done: c.req.query("done") });
}

async function planHtml(c: Context<AppEnv>, id: number, values: Values, error?: AppError) {
  const ctx = serviceCtx(c);
  const progress = await planProgress({ ctx, input: { planId: id } });
  const plan = await getProgrammePlan({ ctx, input: { planId: id } });
  return planPage({ ...frame(c), progress, plan, values, ...(error ? { error } : {}), done: c.req.query("done") });
}

async function eventsHtml(c: Context<AppEnv>, values: Values, error?: AppError) {
  const ctx = serviceCtx(c);
  const units = await eventUnitChoices(ctx.db, unitScopes(ctx.principal, "programme.manage"), vnToday(ctx.now));
  return eventsPage({ ...frame(c), events: await listEvents({ ctx }), canCreate: units.length > 0, units, values, ...(error ? { error } : {}), done: c.req.query("done") });
}

async function eventHtml(c: Context<AppEnv>, id: number, error?: AppError) {
  const ctx = serviceCtx(c);
  const event = await getEvent({ ctx, input: { eventId: id } });
  const choices = event.canManage ? await participantChoices(ctx.db, await eventUnitPath(ctx.db, id), vnToday(ctx.now)) : null;
  return eventPage({ ...frame(c), event, choices, ...(error ? { error } : {}), done: c.req.query("done") });
}

function indicatorInput(v: Values) {
  const params = Object.fromEntries(
    (["minStars", "maxStars", "baseYear"] as const).flatMap((k) => {
      const n = int(v[`params.${k}`]);
      return n === undefined ? [] : [[k, n]];
    }),
  );
  return parseInput(IndicatorInput, { label: v["label"], rule: v["rule"], params, targetMin: int(v["targetMin"]) ?? null, targetMax: int(v["targetMax"]) ?? null });
}

// Mounted at /programme.
export const programmePages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await plansHtml(c, { year: vnToday(c.var.deps.now()).slice(0, 4) }), 200)))
  .post("/plans", (c) =>
    page(c, async () => {
      const v = valuesOf(await c.req.parseBody(), PLAN_FIELDS);
      return formAction(
        c,
        async () => {
          const year = int(v["year"]);
          const indicators = v["seedTargets"] === "1" && typeof year === "number" ? modelIndicators(year - 1).map((m) => ({ ...m, params: { ...m.params } })) : undefined;
          const input = parseInput(CreatePlanInput, { year, number: v["number"], issuedOn: v["issuedOn"], title: v["title"], ...(indicators ? { indicators } : {}) });
          const plan = await createProgrammePlan({ ctx: serviceCtx(c), input });
          return `/programme/plans/${plan.id}?done=created`;
        },
        (err) => plansHtml(c, v, err),
      );
    }),
  )
  .get("/plans/:id{[0-9]+}", (c) => page(c, async () => c.html(await planHtml(c, idParam(c), { rule: "certified_in_year" }), 200)))
  .post("/plans/:id{[0-9]+}/indicators", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const v = valuesOf(await c.req.parseBody(), INDICATOR_FIELDS);
      return formAction(
        c,
        async () => {
          await addIndicator({ ctx: serviceCtx(c), input: { ...indicatorInput(v), planId: id } });
          return `/programme/plans/${id}?done=added`;
        },
        (err) => planHtml(c, id, v, err),
      );
    }),
  )
  .post("/plans/:id{[0-9]+}/indicators/:iid{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const id = idParam(c);
      await removeIndicator({ ctx: serviceCtx(c), input: { planId: id, indicatorId: idParam(c, "iid") } });
      return c.redirect(`/programme/plans/${id}?done=removed`, 303);
    }),
  )
  .get("/plans/:id{[0-9]+}/indicators/:iid{[0-9]+}", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const q = c.req.query("communeId");
      const communeId = q === undefined || q === "" ? undefined : q === "none" ? null : /^[0-9]{1,10}$/.test(q) ? Number(q) : NaN;
      if (Number.isNaN(communeId)) throw notFound({ vi: "xã này", en: "This commune" });
      const ctx = serviceCtx(c);
      const records = await indicatorRecords({ ctx, input: { planId: id, indicatorId: idParam(c, "iid"), ...(communeId === undefined ? {} : { communeId }) } });
      const plan = await getProgrammePlan({ ctx, input: { planId: id } });
      return c.html(recordsPage({ ...frame(c), records, planYear: plan.year }), 200);
    }),
  )
  .get("/events", (c) => page(c, async () => c.html(await eventsHtml(c, { kind: "training" }), 200)))
  .post("/events", (c) =>
    page(c, async () => {
      const v = valuesOf(await c.req.parseBody(), EVENT_FIELDS);
      return formAction(
        c,
        async () => {
          const input = parseInput(EventInput, { ...v, unitId: int(v["unitId"]) });
          const e = await createEvent({ ctx: serviceCtx(c), input });
          return `/programme/events/${e.id}?done=created`;
        },
        (err) => eventsHtml(c, v, err),
      );
    }),
  )
  .get("/events/:id{[0-9]+}", (c) => page(c, async () => c.html(await eventHtml(c, idParam(c)), 200)))
  .post("/events/:id{[0-9]+}/participants", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const who = formString(body, "who");
      const attendeeName = formString(body, "attendeeName").trim().slice(0, 200);
      return formAction(
        c,
        async () => {
          const input = who.startsWith("u:") ? { userId: who.slice(2) } : who.startsWith("p:") && /^[0-9]{1,10}$/.test(who.slice(2)) ? { producerId: Number(who.slice(2)), ...(attendeeName ? { attendeeName } : {}) } : null;
          if (!input) throw validationError([{ path: "who", vi: "Chọn một cán bộ hoặc một chủ thể", en: "Choose one official or one producer", message: "Choose one official or one producer" }]);
          await addParticipant({ ctx: serviceCtx(c), input: { ...input, eventId: id } });
          return `/programme/events/${id}?done=added`;
        },
        (err) => eventHtml(c, id, err),
      );
    }),
  )
  .post("/events/:id{[0-9]+}/participants/:pid{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const id = idParam(c);
      await removeParticipant({ ctx: serviceCtx(c), input: { eventId: id, participantId: idParam(c, "pid") } });
      return c.redirect(`/programme/events/${id}?done=removed`, 303);
    }),
  )
  .get("/training/producers/:id{[0-9]+}", (c) => page(c, async () => c.html(trainingPage({ ...frame(c), record: await producerTrainingRecord({ ctx: serviceCtx(c), input: { producerId: idParam(c) } }) }), 200)))
  .get("/training/officials/:userId", (c) => page(c, async () => c.html(trainingPage({ ...frame(c), record: await officialTrainingRecord({ ctx: serviceCtx(c), input: { userId: c.req.param("userId").slice(0, 100) } }) }), 200)))
  // A producer's member sees its producer's record; anyone else their own.
  .get("/training/mine", (c) =>
    page(c, async () => {
      const p = c.var.auth.principal!;
      const producerId = p.grants.find((g) => g.role === "producer_member" && g.producerId !== undefined)?.producerId;
      return c.redirect(producerId !== undefined ? `/programme/training/producers/${producerId}` : `/programme/training/officials/${encodeURIComponent(p.userId)}`, 303);
    }),
  );
