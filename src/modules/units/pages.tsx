import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { parseInput, zQueryId } from "../../lib/validation.js";
import { UnitDetailQuery, UnitListQuery } from "./inputs.js";
import { listUnits, treeAsOf, unitDetail, vnToday } from "./queries.js";
import { renderUnitPage, renderUnitsPage } from "./views/units.js";

// A form sends empty fields; for the pages they mean "not given".
const given = (q: Record<string, string>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== ""));
const PageId = z.object({ id: zQueryId() });

/** Mounted at /units; public pages, so the frame's principal may be null and the path keeps its query. */
export const unitsPages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { at, q } = parseInput(UnitListQuery.pick({ at: true, q: true, lang: true }), given(c.req.query()));
    const db = c.var.deps.database.db;
    const date = at ?? vnToday(c.var.deps.now());
    const [tree, found] = await Promise.all([treeAsOf(db, date), q ? listUnits(db, { q }) : undefined]);
    const frame = { locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path + new URL(c.req.url).search };
    return c.html(renderUnitsPage({ ...frame, at: date, q, tree, found }));
  })
  .get("/:id", async (c) => {
    const { id } = parseInput(PageId, c.req.param());
    const { at } = parseInput(UnitDetailQuery, given(c.req.query()));
    const today = vnToday(c.var.deps.now());
    const d = await unitDetail(c.var.deps.database.db, id, at, today);
    const frame = { locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path + new URL(c.req.url).search };
    return c.html(renderUnitPage({ ...frame, ...d, today }));
  });
