import { randomUUID } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { can } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { csvResponse } from "../../lib/csv.js";
import { AppError, type FieldError, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { enforceLimit } from "../../http/rate-limits.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page, publicFrame } from "../../web/page.js";
import { type Pickable, pickQuery, resolvePick } from "../../web/picker.js";
import { listProducts } from "../products/index.js";
import { ActivateInput, BatchRequestInput, RejectInput, ReportInput, ReportUpdateInput, VoidInput, type ReportState } from "./inputs.js";
import { productChoices, scansByDay, scansByDayAndPlace, scansByPlace, statsScope, statsWindow, suspiciousStamps } from "./queries/scan-stats.js";
import { BATCH_STATES, REPORT_STATES } from "./schema.js";
import { approveBatch, getBatch, markBatchPrinted, issueBatch, listBatches, productRef, rejectBatch, requestBatch } from "./services/batches.js";
import { activateStamps, voidStamps } from "./services/lifecycle.js";
import { fileReport, listReports, updateReport } from "./services/reports.js";
import { runtimeOf, stampRuntime } from "./runtime/stamp-runtime.js";
import { detailPage, listPage, type FormError, type ProductChoice, type Values } from "./views/batch.js";
import { casesPage, reportFormPage, thanksPage, type Failed } from "./views/report.js";
import { statsPage, UNKNOWN_PLACE } from "./views/scan-stats.js";

// ---- stamp batches (mounted at /stamps) ----

/*
 * Stamp batches as pages: the producer requests a batch, the provincial office issues one directly or approves
 * (rejects) a request, prints the sheets, and either of them activates stamps on a production lot or voids a
 * lost range. Plain forms, no JavaScript; the issue form carries its own Idempotency-Key so a double submit
 * issues once.
 */

const BatchListFilter = z.strictObject({ q: z.string().trim().max(200).optional(), state: z.enum(BATCH_STATES).optional() });

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s.trim()));
const opt = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s.trim());
const hasRole = (p: Principal, role: string) => p.grants.some((g) => g.role === role);
const KEY_RE = /^[\x21-\x7e]{8,200}$/;

async function ownProducts(c: Context<AppEnv>): Promise<ProductChoice[] | null> {
  const principal = c.var.auth.principal!;
  if (!hasRole(principal, "producer_member")) return null;
  const own = new Set(principal.grants.filter((g) => g.role === "producer_member" && g.producerId).map((g) => g.producerId!));
  const list = await listProducts({ ctx: serviceCtx(c), input: { limit: 500, offset: 0 } });
  return list.items.filter((x) => own.has(x.producerId)).map((x) => ({ id: x.id, name: x.name }));
}

/** The products the office may pick from (its scope), as "code — name" suggestions with the producer beside. */
async function issuableProducts(c: Context<AppEnv>, q?: string): Promise<Pickable[]> {
  const list = await listProducts({ ctx: serviceCtx(c), input: { limit: q ? 50 : 500, offset: 0, ...(q ? { q } : {}) } });
  return list.items.map((x) => ({ id: x.id, name: x.name, code: x.code, hint: x.producerName }));
}

/** The product a person typed or picked, by code or name; an unknown or ambiguous one is an error on "product". */
async function pickedProduct(c: Context<AppEnv>, typed: string): Promise<number> {
  const q = pickQuery(typed);
  return Number(resolvePick(typed, q ? await issuableProducts(c, q) : [], { field: "product", noun: { vi: "sản phẩm", en: "product" } }).id);
}

/** Every field's message at once: the picker's and the schema's. */
async function allFieldErrors<T>(steps: (() => Promise<T> | T)[]): Promise<T[]> {
  const errors: FieldError[] = [];
  const out: T[] = [];
  for (const step of steps) {
    try {
      out.push(await step());
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400 || !err.extra?.errors) throw err;
      errors.push(...err.extra.errors);
    }
  }
  if (errors.length) throw validationError(errors);
  return out;
}

async function listHtml(c: Context<AppEnv>, opts: { error?: FormError; requestValues?: Values; issueValues?: Values } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const filter = parseInput(BatchListFilter, Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && (k === "q" || k === "state"))));
  const batches = await listBatches({ ctx, input: filter });
  const products = await ownProducts(c);
  const canIssue = hasRole(ctx.principal!, "province_office");
  const requestValues = opts.requestValues ?? { productId: products?.[0] ? String(products[0].id) : "", quantity: "", note: "" };
  const issueValues = opts.issueValues ?? { product: "", quantity: "", idempotencyKey: randomUUID() };
  const issuable = canIssue ? await issuableProducts(c) : [];
  return listPage({ ...frame(c), batches, filter, products, canIssue, issuable, requestValues, issueValues, done: c.req.query("done"), ...(opts.error ? { error: opts.error } : {}) });
}

async function batchHtml(c: Context<AppEnv>, id: number, opts: { error?: FormError; values?: Values } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const b = await getBatch({ ctx, input: { batchId: id } });
  const p = (await productRef(ctx.db, b.productId))!;
  const resource = { unitPath: p.communePath, producerId: p.producerId };
  const values = opts.values ?? { lotQuantity: String(b.quantity) };
  return detailPage({ ...frame(c), b, canIssue: can(ctx.principal, "stamps.issue", resource), canManage: can(ctx.principal, "stamps.manage", resource), values, done: c.req.query("done"), ...(opts.error ? { error: opts.error } : {}) });
}

/** Both ends of a range or neither, the first not after the last: checked here so the page names the field. */
function checkRange(fromSeq: number | undefined, toSeq: number | undefined) {
  const bothOrNone = (fromSeq === undefined) === (toSeq === undefined);
  if (!bothOrNone || (fromSeq !== undefined && toSeq !== undefined && fromSeq > toSeq)) {
    throw validationError([{ path: "toSeq", message: "Give both ends of the range, the first not after the last", vi: "Nhập cả số đầu và số cuối, số đầu không lớn hơn số cuối", en: "Give both ends of the range, the first not after the last" }]);
  }
}

const pick = (body: Record<string, unknown>, names: string[]): Values => Object.fromEntries(names.map((n) => [n, formString(body, n)]));

export const batchPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await listHtml(c), 200)))
  .post("/requests", (c) =>
    page(c, async () => {
      const values = pick(await c.req.parseBody(), ["productId", "quantity", "note"]);
      return formAction(
        c,
        async () => {
          const input = parseInput(BatchRequestInput, { productId: num(values["productId"]), quantity: num(values["quantity"]), note: opt(values["note"]) });
          const b = await requestBatch({ ctx: serviceCtx(c), input });
          return `/stamps/${b.id}?done=requested`;
        },
        (error) => listHtml(c, { error: { form: "request", error }, requestValues: values }),
      );
    }),
  )
  .post("/issue", (c) =>
    page(c, async () => {
      const values = pick(await c.req.parseBody(), ["product", "quantity", "idempotencyKey"]);
      const key = KEY_RE.test(values["idempotencyKey"] ?? "") ? values["idempotencyKey"] : undefined;
      return formAction(
        c,
        async () => {
          const [productId] = await allFieldErrors<number>([() => pickedProduct(c, values["product"] ?? ""), () => (parseInput(BatchRequestInput.pick({ quantity: true }), { quantity: num(values["quantity"]) }), 0)]);
          const input = parseInput(BatchRequestInput, { productId, quantity: num(values["quantity"]) });
          const { batch } = await issueBatch({ ctx: serviceCtx(c), input, idempotencyKey: key });
          return `/stamps/${batch.id}?done=issued`;
        },
        (error) => {
          // Nothing was issued under this key unless it was already used for another request: then start afresh.
          const issueValues = { ...values, idempotencyKey: key && error.code !== "idempotency-key-reused" ? key : randomUUID() };
          return listHtml(c, { error: { form: "issue", error }, issueValues });
        },
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await batchHtml(c, idParam(c)), 200)))
  .post("/:id{[0-9]+}/printed", (c) =>
    page(c, async () => {
      const id = idParam(c);
      return formAction(
        c,
        async () => {
          await markBatchPrinted({ ctx: serviceCtx(c), input: { batchId: id } });
          return `/stamps/${id}?done=printed`;
        },
        (error) => batchHtml(c, id, { error: { form: "printed", error } }),
      );
    }),
  )
  .post("/:id{[0-9]+}/approve", (c) =>
    page(c, async () => {
      const id = idParam(c);
      return formAction(
        c,
        async () => {
          await approveBatch({ ctx: serviceCtx(c), input: { batchId: id } });
          return `/stamps/${id}?done=approved`;
        },
        (error) => batchHtml(c, id, { error: { form: "approve", error } }),
      );
    }),
  )
  .post("/:id{[0-9]+}/reject", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const values = pick(await c.req.parseBody(), ["rejectReason"]);
      return formAction(
        c,
        async () => {
          const { reason } = parseInput(RejectInput, { reason: values["rejectReason"] });
          await rejectBatch({ ctx: serviceCtx(c), input: { batchId: id, reason } });
          return `/stamps/${id}?done=rejected`;
        },
        (error) => batchHtml(c, id, { error: { form: "reject", error }, values }),
      );
    }),
  )
  .post("/:id{[0-9]+}/activate", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const values = pick(await c.req.parseBody(), ["fromSeq", "toSeq", "lotNumber", "producedOn", "expiresOn", "lotQuantity"]);
      return formAction(
        c,
        async () => {
          const fromSeq = num(values["fromSeq"]);
          const toSeq = num(values["toSeq"]);
          checkRange(fromSeq, toSeq);
          const input = parseInput(ActivateInput, {
            batchId: id,
            ...(fromSeq !== undefined ? { fromSeq } : {}),
            ...(toSeq !== undefined ? { toSeq } : {}),
            lot: { lotNumber: values["lotNumber"], producedOn: values["producedOn"], ...(opt(values["expiresOn"]) ? { expiresOn: opt(values["expiresOn"]) } : {}), quantity: num(values["lotQuantity"]) },
          });
          await activateStamps({ ctx: serviceCtx(c), input, cache: runtimeOf(c).cache });
          return `/stamps/${id}?done=activated`;
        },
        (error) => batchHtml(c, id, { error: { form: "activate", error }, values }),
      );
    }),
  )
  .post("/:id{[0-9]+}/void", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const values = pick(await c.req.parseBody(), ["voidFromSeq", "voidToSeq", "voidReason"]);
      return formAction(
        c,
        async () => {
          const fromSeq = num(values["voidFromSeq"]);
          const toSeq = num(values["voidToSeq"]);
          checkRange(fromSeq, toSeq);
          // The reason first, with its own message: the union of VoidInput would only say "invalid input".
          const { reason } = parseInput(RejectInput, { reason: values["voidReason"] });
          const input = parseInput(VoidInput, { batchId: id, ...(fromSeq !== undefined ? { fromSeq } : {}), ...(toSeq !== undefined ? { toSeq } : {}), reason });
          const rt = runtimeOf(c);
          await voidStamps({ ctx: serviceCtx(c), input, stampKeys: rt.stampKeys, cache: rt.cache });
          return `/stamps/${id}?done=voided`;
        },
        (error) => batchHtml(c, id, { error: { form: "void", error }, values }),
      );
    }),
  );

// ---- scan statistics (mounted at /stats) ----

/*
 * /stats/scans: a producer's (or the office's) view of where and when its stamps are scanned, as two server-
 * drawn SVG charts and a CSV export; the office also sees the stamps that look copied. No JavaScript.
 */

function productIdOf(c: Context<AppEnv>): number | undefined {
  const raw = (c.req.query("productId") ?? "").trim();
  if (raw === "") return undefined;
  const n = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || n <= 0) throw validationError([{ path: "productId", vi: "Mã sản phẩm không hợp lệ.", en: "Invalid product id.", message: "Invalid product id." }]);
  return n;
}

export const scanStatsPages = new Hono<AppEnv>()
  .get("/scans", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const scope = await statsScope(ctx, productIdOf(c));
      const w = statsWindow(ctx.now);
      const [choices, days, places] = [await productChoices(ctx.db, scope), await scansByDay(ctx.db, scope, w), await scansByPlace(ctx.db, scope, w)];
      const suspicious = scope.office ? await suspiciousStamps(ctx.db, scope, ctx.now) : null;
      return c.html(statsPage({ ...frame(c), product: scope.product, choices, days, places, suspicious }), 200);
    }),
  )
  .get("/scans.csv", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const scope = await statsScope(ctx, productIdOf(c));
      const w = statsWindow(ctx.now);
      const rows = await scansByDayAndPlace(ctx.db, scope, w);
      const name = `luot-quet-${scope.product ? scope.product.id : "tat-ca"}-${w.days[0]}-${w.days.at(-1)}.csv`;
      return csvResponse(name, ["day", "country", "region", "scans"], rows.map((r) => [r.day, r.country, r.region ?? UNKNOWN_PLACE.vi, r.scans]));
    }),
  );

// ---- reports of suspected fakes ----

const REPORT_FIELDS = ["what", "place", "contact"];

/*
 * The form under the scan page, mounted at /s after the session middleware (unlike the scan page itself): no
 * sign-in, but it carries a CSRF token like the sign-in form, and that needs the session.
 */
export const reportFormPages = new Hono<AppEnv>()
  .get("/:code/report", (c) => {
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    return c.html(reportFormPage({ ...publicFrame(c), code: c.req.param("code"), values: {} }), 200);
  })
  .get("/:code/report/sent", (c) => {
    const n = c.req.query("case") ?? "";
    if (!/^BCG-\d{6,}$/.test(n)) return c.redirect(`/s/${encodeURIComponent(c.req.param("code"))}/report`, 303);
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    return c.html(thanksPage({ ...publicFrame(c), caseNumber: n }), 200);
  })
  .post("/:code/report", async (c) => {
    // Each report is a case the office must read: a client files at most REPORT_RATE_LIMIT an hour.
    await enforceLimit(c, "report");
    const code = c.req.param("code");
    const body = await c.req.parseBody();
    const values: Values = Object.fromEntries(REPORT_FIELDS.map((f) => [f, formString(body, f)]));
    c.header("cache-control", "no-store");
    // Post/redirect/get: reloading the thank-you page does not file the report again.
    return formAction(
      c,
      async () => {
        const input = parseInput(ReportInput, values);
        const photo = await readMultipartFile(body["photo"]);
        const deps = c.var.deps;
        const done = await fileReport({ db: deps.database.db, now: deps.now(), requestId: c.var.requestId, stampKeys: stampRuntime(deps).stampKeys, code, input, photo });
        return `/s/${encodeURIComponent(code)}/report/sent?case=${done.caseNumber}`;
      },
      (error) => reportFormPage({ ...publicFrame(c), code, values, error }),
    );
  });

const stateParam = (s: string | undefined): ReportState | undefined => ((REPORT_STATES as readonly string[]).includes(s ?? "") ? (s as ReportState) : undefined);

async function casesHtml(c: Context<AppEnv>, failed?: Failed): Promise<string> {
  const state = stateParam(c.req.query("state"));
  const q = (c.req.query("q") ?? "").trim().slice(0, 200) || undefined;
  const items = await listReports({ ctx: serviceCtx(c), input: { state, q } });
  return casesPage({ ...frame(c), items, state, q, ...(failed ? { failed } : {}), done: c.req.query("done") });
}

// The office's page of cases, mounted at /reports/fakes.
export const reportPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await casesHtml(c), 200)))
  .post("/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const values: Values = { state: formString(body, "state"), note: formString(body, "note") };
      return formAction(
        c,
        async () => {
          await updateReport({ ctx: serviceCtx(c), input: { ...parseInput(ReportUpdateInput, values), id } });
          return `/reports/fakes?done=updated#case-${id}`;
        },
        (error) => casesHtml(c, { id, values, error }),
      );
    }),
  );
