import { csvResponse } from "../../lib/csv.js";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { unitScopes } from "../../auth/policy.js";
import type { PlanAction } from "../../domain/plan-workflow.js";
import type { AppError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { listCycles } from "../cycles/index.js";
import { getIdea } from "../ideas/index.js";
import { BudgetReportQuery, CreatePlanInput, ListPlansQuery, PlanActionInput, UpdatePlanInput } from "./inputs.js";
import { approvalOfficials, budgetReport, getPlan, listPlans } from "./queries.js";
import { actOnPlan, createPlan, updatePlan } from "./service.js";
import { budgetPage } from "./views/budget.js";
import { MONEY_FIELDS, TEXT_FIELDS } from "./views/plan-fields.js";
import { planFormPage, planFormValues, type PlanFormValues } from "./views/plan-form.js";
import { plansListPage } from "./views/plan-list.js";
import { planPage } from "./views/plan.js";

const FIELDS = [...Object.keys(TEXT_FIELDS), "revenue0", "profit0", "revenue1", "profit1", "revenue2", "profit2", ...MONEY_FIELDS];
const formValues = (body: Record<string, unknown>): PlanFormValues => Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));

/**
 * People write amounts as "1.500.000.000" or "1 500 000 000": thousands separators go before zod sees the
 * number. Anything else stays as typed, so the field error names what is wrong.
 */
export const amount = (raw: string | undefined) => {
  const s = (raw ?? "").trim().replace(/[.\s\u00a0]/g, "");
  return s;
};

function formInput(v: PlanFormValues): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.keys(TEXT_FIELDS).map((f) => [f, v[f] ?? ""])),
    projection: [0, 1, 2].map((i) => ({ revenue: amount(v[`revenue${i}`]), profit: amount(v[`profit${i}`]) })),
    budget: Object.fromEntries(MONEY_FIELDS.map((f) => [f, amount(v[f])])),
  };
}

async function detailHtml(c: Context<AppEnv>, planId: number, extra: { error?: AppError; actionError?: PlanAction; values?: Record<string, string> } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const plan = await getPlan({ ctx, input: { planId } });
  // The approver names the product's responsible official from those who serve its commune.
  const officials = await approvalOfficials(ctx.db, plan);
  return planPage({ ...frame(c), plan, officials, done: c.req.query("done"), ...extra });
}

/** Mounted at /plans. */
export const pages = new Hono<AppEnv>()
  .get("/", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const official = unitScopes(ctx.principal, "plans.read").length > 0;
      const q = c.req.query();
      const waiting = q.waiting === undefined ? unitScopes(ctx.principal, "plans.act").length > 0 : q.waiting === "1" || q.waiting === "true";
      const query = parseInput(ListPlansQuery, { waiting: waiting ? "true" : "false" });
      return c.html(plansListPage({ ...frame(c), list: await listPlans({ ctx, input: query }), query, official }), 200);
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await detailHtml(c, idParam(c)))))
  .get("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const plan = await getPlan({ ctx: serviceCtx(c), input: { planId: idParam(c) } });
      if (!plan.editable) return c.redirect(`/plans/${plan.id}`, 303);
      return c.html(planFormPage({ ...frame(c), title: { vi: `Sửa phương án: ${plan.ideaName}`, en: `Edit plan: ${plan.ideaName}` }, action: `/plans/${plan.id}/edit`, back: `/plans/${plan.id}`, values: planFormValues(plan) }), 200);
    }),
  )
  .post("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const planId = idParam(c);
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          await updatePlan({ ctx: serviceCtx(c), input: { ...parseInput(UpdatePlanInput, formInput(values)), planId } });
          return `/plans/${planId}?done=updated`;
        },
        (error) => planFormPage({ ...frame(c), title: { vi: "Sửa phương án", en: "Edit the plan" }, action: `/plans/${planId}/edit`, back: `/plans/${planId}`, values, error }),
      );
    }),
  )
  .post("/:id{[0-9]+}/actions", (c) =>
    page(c, async () => {
      const planId = idParam(c);
      const body = await c.req.parseBody();
      const action = formString(body, "action") as PlanAction;
      const support = formString(body, "estimatedStateSupport");
      return formAction(
        c,
        async () => {
          const input = parseInput(PlanActionInput, {
            action,
            reason: formString(body, "reason").trim() || undefined,
            estimatedStateSupport: action === "approve" && support.trim() !== "" ? amount(support) : undefined,
            responsibleUserId: formString(body, "responsibleUserId") || undefined,
          });
          await actOnPlan({ ctx: serviceCtx(c), input: { ...input, planId } });
          return `/plans/${planId}?done=${input.action}`;
        },
        (error) => detailHtml(c, planId, { error, actionError: action, values: { estimatedStateSupport: support } }),
      );
    }),
  );

/** Mounted at /ideas: an approved idea's plan is written from the idea's page. */
export const ideaPlanPages = new Hono<AppEnv>()
  .get("/:id{[0-9]+}/plan/new", (c) =>
    page(c, async () => {
      const idea = await getIdea({ ctx: serviceCtx(c), input: { ideaId: idParam(c) } });
      if (idea.planId !== null) return c.redirect(`/plans/${idea.planId}`, 303);
      return c.html(planFormPage({ ...frame(c), title: { vi: `Phương án: ${idea.name}`, en: `Plan: ${idea.name}` }, action: `/ideas/${idea.id}/plan/new`, back: `/ideas/${idea.id}`, values: {} }), 200);
    }),
  )
  .post("/:id{[0-9]+}/plan/new", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          const plan = await createPlan({ ctx: serviceCtx(c), input: { ...parseInput(CreatePlanInput, formInput(values)), ideaId } });
          return `/plans/${plan.id}?done=created`;
        },
        (error) => planFormPage({ ...frame(c), title: { vi: "Lập phương án sản xuất kinh doanh", en: "Write the business plan" }, action: `/ideas/${ideaId}/plan/new`, back: `/ideas/${ideaId}`, values, error }),
      );
    }),
  );

/** Mounted at /reports. */
export const budgetPages = new Hono<AppEnv>()
  .get("/budget", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const cycles = await listCycles({ ctx, input: {} });
      const raw = c.req.query("cycleId");
      const cycleId = raw ? parseInput(BudgetReportQuery, { cycleId: raw }).cycleId : cycles[0]?.id;
      const report = cycleId ? await budgetReport({ ctx, input: { cycleId } }) : null;
      return c.html(budgetPage({ ...frame(c), cycles, cycleId, report }), 200);
    }),
  )
  .get("/budget.csv", (c) =>
    page(c, async () => {
      const { cycleId } = parseInput(BudgetReportQuery, { cycleId: c.req.query("cycleId") });
      const r = await budgetReport({ ctx: serviceCtx(c), input: { cycleId } });
      return csvResponse(
        `kinh-phi-${r.cycleYear}.csv`,
        ["don_vi", "so_phuong_an", "von_chu_co_so", "von_vay", "von_khac", "ngan_sach_ho_tro", "tong"],
        [...r.byDistrict, { ...r.province, unitName: `Toàn tỉnh ${r.provinceName}` }].map((x) => [x.unitName, x.count, x.ownCapital, x.loans, x.otherSources, x.stateSupport, x.total]),
      );
    }),
  );
