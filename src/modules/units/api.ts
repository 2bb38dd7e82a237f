import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { IdParam, json, problem } from "../../http/openapi-kit.js";
import { UnitDetailQuery, UnitDetailSchema, UnitListQuery, UnitListSchema, successionJson, toJson } from "./inputs.js";
import { listUnits, unitDetail, vnToday } from "./queries.js";

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Administrative units"],
  summary: "List administrative units as of a date",
  description: "Public. The tree as of `at`: units with validFrom <= at < validTo. Filter by parent, level or name.",
  request: { query: UnitListQuery },
  responses: {
    200: json(UnitListSchema, "Units valid on the date, by code."),
    400: problem("Invalid query: unknown or malformed parameters."),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Administrative units"],
  summary: "One administrative unit with its ancestors, children and old → new mapping",
  description: "Public. `children` are given as of `at` (by default today, or the last day of a former unit); `current` as of today.",
  request: { params: IdParam, query: UnitDetailQuery },
  responses: {
    200: json(UnitDetailSchema, "The unit."),
    400: problem("Invalid id or query."),
    404: problem("No unit has this id."),
  },
});

/** Mounted at /api/units. */
export const unitsApi = createRouter()
  .openapi(listRoute, async (c) => {
    const { at, parentId, level, q } = c.req.valid("query");
    const date = at ?? vnToday(c.var.deps.now());
    const items = await listUnits(c.var.deps.database.db, { at: date, parentId, level, q });
    return c.json({ at: date, items: items.map(toJson) }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const d = await unitDetail(c.var.deps.database.db, id, c.req.valid("query").at, vnToday(c.var.deps.now()));
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
  });
