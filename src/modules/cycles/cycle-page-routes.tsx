import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { unitScopes } from "../../auth/policy.js";
import { DEADLINE_KEYS } from "../../domain/cycle-deadlines.js";
import { AppError, forbidden, notFound } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, page } from "../../web/page.js";
import { CreateCycleInput, UpdateCycleInput } from "./inputs.js";
import { cycleFormPage, cycleFormValues, cyclesPage, type CycleFormValues } from "./cycle-pages.js";
import { createCycle, getCycle, listCycles, updateCycle } from "./service.js";

const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);
const canManage = (c: Context<AppEnv>) => unitScopes(c.var.auth.principal, "cycles.manage").length > 0;

function idParam(c: Context<AppEnv>): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "trang", en: "The page" });
  return id;
}

const formValues = (body: Record<string, unknown>): CycleFormValues => Object.fromEntries(["year", "chain", "note", ...DEADLINE_KEYS].map((f) => [f, formString(body, f)]));

function formInput(v: CycleFormValues, withYear: boolean): Record<string, unknown> {
  const deadlines = Object.fromEntries(DEADLINE_KEYS.map((k) => [k, v[k]?.trim() || undefined]));
  // The district list deadline means nothing without a district; a date left in the field is dropped.
  if (v.chain === "commune-province") delete deadlines.districtList;
  const year = (v.year ?? "").trim();
  return {
    ...(withYear ? { year: /^\d{1,4}$/.test(year) ? Number(year) : year } : {}),
    chain: v.chain,
    deadlines,
    note: v.note?.trim() ? v.note.trim() : withYear ? undefined : null,
  };
}

export const cyclePages = new Hono<AppEnv>()
  .get("/cycles", (c) => page(c, async () => c.html(cyclesPage({ ...frame(c), cycles: await listCycles({ ctx: serviceCtx(c), input: {} }), canManage: canManage(c), done: c.req.query("done") }), 200)))
  .get("/cycles/new", (c) =>
    page(c, async () => {
      if (!canManage(c)) throw forbidden();
      const year = new Date(serviceCtx(c).now).getUTCFullYear() + 1;
      return c.html(cycleFormPage({ ...frame(c), title: { vi: "Lập chu trình", en: "Set up a cycle" }, action: "/cycles/new", withYear: true, values: { year: String(year), chain: "commune-province" } }), 200);
    }),
  )
  .post("/cycles/new", (c) =>
    page(c, async () => {
      const values = formValues(await c.req.parseBody());
      try {
        const cycle = await createCycle({ ctx: serviceCtx(c), input: parseInput(CreateCycleInput, formInput(values, true)) });
        return c.redirect(`/cycles/${cycle.id}?done=created`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return c.html(cycleFormPage({ ...frame(c), title: { vi: "Lập chu trình", en: "Set up a cycle" }, action: "/cycles/new", withYear: true, values, error: err }), err.status);
      }
    }),
  )
  .get("/cycles/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const cycle = await getCycle({ ctx: serviceCtx(c), input: { cycleId: idParam(c) } });
      return c.html(cycleFormPage({ ...frame(c), title: { vi: `Chu trình ${cycle.year}`, en: `Cycle ${cycle.year}` }, action: `/cycles/${cycle.id}`, withYear: false, values: cycleFormValues(cycle), done: c.req.query("done") }), 200);
    }),
  )
  .post("/cycles/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const cycleId = idParam(c);
      const values = formValues(await c.req.parseBody());
      try {
        await updateCycle({ ctx: serviceCtx(c), input: { ...parseInput(UpdateCycleInput, formInput(values, false)), cycleId } });
        return c.redirect(`/cycles/${cycleId}?done=updated`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return c.html(cycleFormPage({ ...frame(c), title: { vi: "Chu trình", en: "Cycle" }, action: `/cycles/${cycleId}`, withYear: false, values, error: err }), err.status);
      }
    }),
  );
