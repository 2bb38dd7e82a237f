import { unitContains } from "../../../auth/policy.js";
import { byCommune, type IndicatorRule, type Measure, type MeasuredItem, measureIndicator, summarise, yearWindow } from "../../../domain/programme-indicators.js";
import { vnToday } from "../../../lib/dates.js";
import { notFound } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import type { ProgressView, RecordsView, RecordView } from "../inputs.js";
import { loadFacts, unitNames, unitPaths } from "../queries/facts.js";
import { indicatorsOf, planView, type Visibility, visiblePlan } from "../queries/plans.js";

/*
 * Progress is measured live, on each read, from the registry's tables as they stand (certificates and their
 * events, producers, points of sale, accounts, training records), for the province and per commune. A viewer
 * whose unit lies inside the province (a commune officer) gets the province's figures and its own communes'.
 */

const figure = (m: Measure) => ({ counted: m.counted, population: m.population, value: m.value, met: m.met });
const NOT_IN_COMMUNE = { vi: "Cấp tỉnh (không thuộc xã)", en: "Province level (no commune)" };

async function measured(ctx: ServiceCtx, planId: number) {
  const { plan, vis } = await visiblePlan(ctx.db, ctx.principal, planId);
  const indicators = (await indicatorsOf(ctx.db, [plan.id])).get(plan.id)!;
  const asOf = yearWindow(plan.year, vnToday(ctx.now)).to;
  const facts = await loadFacts(ctx.db, plan.unitPath, asOf, [...new Set(indicators.map((i) => i.rule as IndicatorRule))]);
  const measures = indicators.map((ind) => ({ ind, m: measureIndicator(ind.rule, ind.params, { min: ind.targetMin, max: ind.targetMax }, facts, plan.year, vnToday(ctx.now)) }));
  const communeIds = measures.flatMap(({ m }) => m.items.map((i) => i.communeId).filter((c): c is number => c !== null));
  const [names, paths] = [await unitNames(ctx.db, communeIds), await unitPaths(ctx.db, communeIds)];
  return { plan, vis, asOf, measures, names, paths };
}

/** Whether a record's commune is the viewer's to see (the whole province sees everything). */
const seen = (vis: Visibility, paths: Map<number, string>) => (communeId: number | null) =>
  vis.whole || (communeId !== null && vis.scopes.some((s) => unitContains(s, paths.get(communeId) ?? "")));

export async function planProgress({ ctx, input }: { ctx: ServiceCtx; input: { planId: number } }): Promise<ProgressView> {
  const { plan, vis, asOf, measures, names, paths } = await measured(ctx, input.planId);
  const mine = seen(vis, paths);
  const { indicators: _all, ...head } = planView(ctx.principal, plan, []);
  return {
    plan: head,
    asOf,
    wholeProvince: vis.whole,
    indicators: measures.map(({ ind, m }) => ({
      ...ind,
      province: figure(m),
      communes: [...byCommune(ind.rule, m, { min: ind.targetMin, max: ind.targetMax })]
        .filter(([id]) => mine(id))
        .map(([id, cm]) => ({ communeId: id, communeName: id === null ? NOT_IN_COMMUNE.vi : (names.get(id) ?? String(id)), ...figure(cm) }))
        .sort((a, b) => (a.communeId === null ? 1 : b.communeId === null ? -1 : a.communeName.localeCompare(b.communeName, "vi"))),
    })),
  };
}

function hrefOf(rule: IndicatorRule, i: MeasuredItem): string | null {
  switch (i.kind) {
    case "product":
      return i.certificateId ? `/c/${i.certificateId}` : `/products/${i.id}`;
    case "producer":
      return rule === "producers_trained" ? `/programme/training/producers/${i.id}` : `/producers/${i.id}`;
    case "retail_point":
      return `/retail/${i.id}`;
    case "official":
      return `/programme/training/officials/${encodeURIComponent(String(i.id))}`;
  }
}

/** The records behind one figure: the province's, or one commune's (`null`: those in no commune). */
export async function indicatorRecords({ ctx, input }: { ctx: ServiceCtx; input: { planId: number; indicatorId: number; communeId?: number | null | undefined } }): Promise<RecordsView> {
  const { plan, vis, asOf, measures, names, paths } = await measured(ctx, input.planId);
  const found = measures.find(({ ind }) => ind.id === input.indicatorId);
  if (!found) throw notFound({ vi: "chỉ tiêu này trong kế hoạch", en: "This indicator of the plan" });
  const { ind, m } = found;
  const mine = seen(vis, paths);
  const one = input.communeId !== undefined;
  if (one && !mine(input.communeId!)) throw notFound({ vi: "xã này trong phạm vi của bạn", en: "This commune in your scope" });
  const items = m.items.filter((i) => (one ? i.communeId === input.communeId : mine(i.communeId)));
  const target = { min: ind.targetMin, max: ind.targetMax };
  const fig = one || !vis.whole ? figure(summarise(ind.rule, items, target)) : figure(m);
  return {
    planId: plan.id,
    indicator: ind,
    asOf,
    communeId: one ? input.communeId! : null,
    figure: fig,
    items: items.map(
      (i): RecordView => ({
        kind: i.kind,
        id: i.id,
        name: i.name,
        communeId: i.communeId,
        communeName: i.communeId === null ? NOT_IN_COMMUNE.vi : (names.get(i.communeId) ?? String(i.communeId)),
        counted: i.counted,
        ...(i.stars !== undefined ? { stars: i.stars } : {}),
        ...(i.certificateId !== undefined ? { certificateId: i.certificateId } : {}),
        ...(i.note ? { note: i.note } : {}),
        href: hrefOf(ind.rule, i),
      }),
    ),
  };
}
