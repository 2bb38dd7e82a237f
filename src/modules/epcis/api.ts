import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { BIZ_STEPS, EVENT_KINDS, decodePageToken, encodePageToken, epcisDocument, keyOf, toEpcisEvent } from "../../domain/epcis.js";
import { EpcisDocumentSchema, EpcisEventsQuery, bound } from "./inputs.js";
import { eventPage } from "./queries/events.js";

/*
 * GET /api/epcis/events: the stamps' EPCIS 2.0 events, public and read-only (mounted before the session, and on
 * the edge Worker). Answered as JSON-LD (application/ld+json), or application/json when the client names only
 * that. Paged by a keyset token: `ocop:nextPageToken` in the document and `Link: <…>; rel="next"`, as the EPCIS
 * 2.0 REST binding pages its query results; the last page has neither.
 */

const route = createRoute({
  method: "get",
  path: "/events",
  tags: ["epcis"],
  summary: "EPCIS 2.0 events of the stamps: issued, activated on a lot, voided, sold at a point of sale, scans per day and place",
  description: "An EPCISDocument (JSON-LD) with GS1 Digital Link identifiers. Filters combine (AND). Paged: follow ocop:nextPageToken or the Link rel=\"next\" header.",
  request: { query: EpcisEventsQuery },
  responses: {
    200: { description: "One page of events", content: { "application/ld+json": { schema: EpcisDocumentSchema }, "application/json": { schema: EpcisDocumentSchema } } },
    400: problem("Invalid filter, page size or page token"),
  },
});

const prefersPlainJson = (accept: string | undefined) => !!accept && /application\/json/.test(accept) && !/application\/ld\+json/.test(accept);

export const epcisApi = createRouter().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const deps = c.get("deps");
  const base = deps.config.publicBaseUrl.replace(/\/+$/, "");
  const kinds = new Set(q.eventType && q.eventType !== "ObjectEvent" ? [] : q.bizStep ? [BIZ_STEPS[q.bizStep]!] : EVENT_KINDS);
  // One row more than the page: whether there is a next page, without a count.
  const rows = await eventPage(deps.database.db, {
    productId: q.productId,
    batchId: q.batchId,
    lot: q.lot,
    serial: q.serial,
    from: q.from ? bound(q.from, "from") : undefined,
    to: q.to ? bound(q.to, "to") : undefined,
    kinds,
    after: q.nextPageToken ? decodePageToken(q.nextPageToken)! : undefined,
    firstUse: q.bizStep === "commissioning" ? true : q.bizStep === "creating_class_instance" ? false : undefined,
    limit: q.perPage + 1,
  });
  const page = rows.slice(0, q.perPage);
  let next: { token: string; url: string } | null = null;
  if (rows.length > q.perPage) {
    const token = encodePageToken(keyOf(page[page.length - 1]!));
    const url = new URL(`${base}/api/epcis/events`);
    for (const [k, v] of new URL(c.req.url).searchParams) if (k !== "nextPageToken") url.searchParams.append(k, v);
    url.searchParams.set("nextPageToken", token);
    next = { token, url: url.toString() };
  }
  const doc = epcisDocument(base, deps.now(), page.map((r) => toEpcisEvent(base, r)), next);
  const headers: Record<string, string> = {
    "content-type": prefersPlainJson(c.req.header("accept")) ? "application/json; charset=utf-8" : "application/ld+json; charset=utf-8",
    "gs1-epcis-version": "2.0.0",
    "gs1-cbv-version": "2.0.0",
    vary: "accept",
    "cache-control": "public, max-age=60",
  };
  if (next) headers.link = `<${next.url}>; rel="next"`;
  return c.body(JSON.stringify(doc), 200, headers) as never;
});
