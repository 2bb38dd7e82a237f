import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { unitScopes } from "../../auth/policy.js";
import { DEADLINE_KEYS } from "../../domain/cycle-deadlines.js";
import { forbidden } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { CreateCycleInput, UpdateCycleInput } from "./inputs.js";
import { cycleFormPage, cycleFormValues, cyclesPage, type CycleFormValues } from "./views/cycles.js";
import { createCycle, getCycle, listCycles, updateCycle } from "./service.js";

const canManage = (c: Context<AppEnv>) => unitScopes(c.var.auth.principal, "cycles.manage").length > 0;

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

/** Mounted at /cycles. */
export const cyclePages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(cyclesPage({ ...frame(c), cycles: await listCycles({ ctx: serviceCtx(c), input: {} }), canManage: canManage(c), done: c.req.query("done") }), 200)))
  .get("/new", (c) =>
    page(c, async () => {
      if (!canManage(c)) throw forbidden();
      const year = new Date(serviceCtx(c).now).getUTCFullYear() + 1;
      return c.html(cycleFormPage({ ...frame(c), title: { vi: "Lập chu trình", en: "Set up a cycle" }, action: "/cycles/new", withYear: true, values: { year: String(year), chain: "commune-province" } }), 200);
    }),
  )
  .post("/new", (c) =>
    page(c, async () => {
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => `/cycles/${(await createCycle({ ctx: serviceCtx(c), input: parseInput(CreateCycleInput, formInput(values, true)) })).id}?done=created`,
        (error) => cycleFormPage({ ...frame(c), title: { vi: "Lập chu trình", en: "Set up a cycle" }, action: "/cycles/new", withYear: true, values, error }),
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const cycle = await getCycle({ ctx: serviceCtx(c), input: { cycleId: idParam(c) } });
      return c.html(cycleFormPage({ ...frame(c), title: { vi: `Chu trình ${cycle.year}`, en: `Cycle ${cycle.year}` }, action: `/cycles/${cycle.id}`, withYear: false, values: cycleFormValues(cycle), done: c.req.query("done") }), 200);
    }),
  )
  .post("/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const cycleId = idParam(c);
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          await updateCycle({ ctx: serviceCtx(c), input: { ...parseInput(UpdateCycleInput, formInput(values, false)), cycleId } });
          return `/cycles/${cycleId}?done=updated`;
        },
        (error) => cycleFormPage({ ...frame(c), title: { vi: "Chu trình", en: "Cycle" }, action: `/cycles/${cycleId}`, withYear: false, values, error }),
      );
    }),
  );
