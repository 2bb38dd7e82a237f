import { createRoute, z } from "@hono/zod-openapi";
import type { DbOrTx } from "../../db/client.js";
import { createRouter } from "../../http/router.js";
import { notFound } from "../../lib/problem.js";
import { problem } from "../../http/openapi-kit.js";
import { parseInput } from "../../lib/validation.js";
import { ancestors, currentUnitFor, getUnit, listUnits, predecessorsOf, successorsOf, type Unit, vnToday } from "./service.js";
import { isValidOn } from "./unit-file.js";
import { UnitDetailQuery, UnitDetailSchema, UnitIdParam, UnitListQuery, UnitListSchema, successionJson, toJson } from "./units-api.js";
import { type TreeNode, renderUnitPage, renderUnitsPage } from "./units-page.js";

const UNIT = { vi: "đơn vị hành chính", en: "The administrative unit" };

const listRoute = createRoute({
  method: "get",
  path: "/api/units",
  tags: ["Administrative units"],
  summary: "List administrative units as of a date",
  description: "Public. The tree as of `at`: units with validFrom <= at < validTo. Filter by parent, level or name.",
  request: { query: UnitListQuery },
  responses: {
    200: { description: "Units valid on the date, by code.", content: { "application/json": { schema: UnitListSchema } } },
    400: problem("Invalid query: unknown or malformed parameters."),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/api/units/{id}",
  tags: ["Administrative units"],
  summary: "One administrative unit with its ancestors, children and old → new mapping",
  description: "Public. `children` are given as of `at` (by default today, or the last day of a former unit); `current` as of today.",
  request: { params: UnitIdParam, query: UnitDetailQuery },
  responses: {
    200: { description: "The unit.", content: { "application/json": { schema: UnitDetailSchema } } },
    400: problem("Invalid id or query."),
    404: problem("No unit has this id."),
  },
});

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A former unit is shown as it last was, unless a date is asked for. */
const dateFor = (u: Unit, at: string | undefined, today: string) => at ?? (isValidOn(u, today) || u.validFrom > today ? today : dayBefore(u.validTo!));

async function detail(db: DbOrTx, id: number, at: string | undefined, today: string) {
  const unit = await getUnit(db, id);
  if (!unit) throw notFound(UNIT);
  const asOf = dateFor(unit, at, today);
  const [up, children, predecessors, successors, current] = await Promise.all([
    ancestors(db, id),
    listUnits(db, { parentId: id, at: asOf }),
    predecessorsOf(db, id),
    successorsOf(db, id),
    currentUnitFor(db, id, today),
  ]);
  return { unit, ancestors: up, at: asOf, children, predecessors, successors, current };
}

async function treeAsOf(db: DbOrTx, at: string): Promise<TreeNode[]> {
  const grow = async (u: Unit): Promise<TreeNode> => ({ unit: u, children: await Promise.all((await listUnits(db, { parentId: u.id, at })).map(grow)) });
  return Promise.all((await listUnits(db, { level: "province", at })).map(grow));
}

// A form sends empty fields; for the pages they mean "not given".
const given = (q: Record<string, string>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== ""));
const PageId = z.object({ id: z.coerce.number().int().positive() });

export const unitsRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { at, parentId, level, q } = c.req.valid("query");
    const date = at ?? vnToday(c.var.deps.now());
    const items = await listUnits(c.var.deps.database.db, { at: date, parentId, level, q });
    return c.json({ at: date, items: items.map(toJson) }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const d = await detail(c.var.deps.database.db, id, c.req.valid("query").at, vnToday(c.var.deps.now()));
    return c.json(
      {
        unit: toJson(d.unit),
        ancestors: d.ancestors.map(toJson),
        at: d.at,
        children: d.children.map(toJson),
        predecessors: d.predecessors.map(successionJson),
        successors: d.successors.map(successionJson),
        current: d.current.map((x) => ({ unit: toJson(x.unit), partial: x.partial })),
      },
      200,
    );
  })
  .get("/units", async (c) => {
    const { at, q } = parseInput(UnitListQuery.pick({ at: true, q: true, lang: true }), given(c.req.query()));
    const db = c.var.deps.database.db;
    const date = at ?? vnToday(c.var.deps.now());
    const [tree, found] = await Promise.all([treeAsOf(db, date), q ? listUnits(db, { q }) : undefined]);
    const frame = { locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path + new URL(c.req.url).search };
    return c.html(renderUnitsPage({ ...frame, at: date, q, tree, found }));
  })
  .get("/units/:id", async (c) => {
    const { id } = parseInput(PageId, c.req.param());
    const { at } = parseInput(UnitDetailQuery, given(c.req.query()));
    const today = vnToday(c.var.deps.now());
    const d = await detail(c.var.deps.database.db, id, at, today);
    const frame = { locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path + new URL(c.req.url).search };
    return c.html(renderUnitPage({ ...frame, ...d, today }));
  });
