import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { enforceLimit } from "../../http/rate-limits.js";
import { vnToday } from "../../lib/dates.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page, publicFrame } from "../../web/page.js";
import { publicCertificate } from "../certificates/index.js";
import { productCertificate } from "../certificates/index.js";
import { ComplaintCloseInput, ComplaintInput, ComplaintInspectInput, ComplaintListQuery } from "./inputs.js";
import { closeComplaint, fileComplaint, inspectComplaint, listComplaints, trackComplaint } from "./services/complaints.js";
import { complaintFormPage, officePage, trackPage, type Failed, type Values } from "./views/complaints.js";

const FIELDS = ["certificateId", "topic", "what", "place", "contact"];
const num = (s: string) => (/^\d{1,10}$/.test(s) ? Number(s) : s);
const noStore = (c: Context<AppEnv>) => {
  c.header("cache-control", "no-store");
  c.header("x-robots-tag", "noindex");
};

/** The certificate a form is for: ?certificate=ID (from /c/{id}) or ?product=ID (its current certificate). */
async function certificateOf(c: Context<AppEnv>): Promise<number> {
  const db = c.var.deps.database.db;
  const product = c.req.query("product");
  if (product && /^\d{1,9}$/.test(product)) {
    const pc = await productCertificate(db, Number(product), c.var.deps.now());
    if (pc) return pc.cert.id;
  }
  return num(c.req.query("certificate") ?? "") as number;
}

async function formHtml(c: Context<AppEnv>, certificateId: number, values: Values, error?: Parameters<typeof complaintFormPage>[0]["error"]) {
  const cert = await publicCertificate(c.var.deps.database.db, typeof certificateId === "number" ? certificateId : 0, c.var.deps.now(), "");
  return complaintFormPage({ ...publicFrame(c), certificateId: cert.id, productName: cert.product.name, values, error });
}

async function officeHtml(c: Context<AppEnv>, failed?: Failed): Promise<string> {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && ["state", "topic", "q"].includes(k)));
  const filters = parseInput(ComplaintListQuery, raw);
  const ctx = serviceCtx(c);
  const items = await listComplaints({ ctx, input: filters });
  return officePage({ ...frame(c), items, filters, today: vnToday(ctx.now), failed, done: c.req.query("done") });
}

/**
 * Mounted at /complaints, after the session middleware: the public form (no sign-in, a CSRF token like the
 * fake-report form, rate limited), the private link, and the office's list and steps.
 */
export const complaintPages = new Hono<AppEnv>()
  .get("/new", async (c) => {
    noStore(c);
    return c.html(await formHtml(c, await certificateOf(c), {}), 200);
  })
  .post("/new", async (c) => {
    // Each complaint is a case the office must read: a client files at most REPORT_RATE_LIMIT an hour.
    await enforceLimit(c, "complaint");
    const body = await c.req.parseBody();
    const values: Values = Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));
    noStore(c);
    return formAction(
      c,
      async () => {
        const input = parseInput(ComplaintInput, { ...values, certificateId: num(values["certificateId"] ?? "") });
        const photo = await readMultipartFile(body["photo"]);
        const deps = c.var.deps;
        const done = await fileComplaint({ db: deps.database.db, now: deps.now(), requestId: c.var.requestId, input, photo });
        return `/complaints/track/${done.token}?new=1`;
      },
      (error) => formHtml(c, Number(values["certificateId"]) || 0, values, error),
    );
  })
  .get("/track/:token", async (c) => {
    noStore(c);
    const x = await trackComplaint(c.var.deps.database.db, c.req.param("token"));
    const link = `${c.var.deps.config.publicBaseUrl}/complaints/track/${c.req.param("token")}`;
    return c.html(trackPage({ ...publicFrame(c), x, link, fresh: c.req.query("new") === "1" }), 200);
  })
  .get("/", (c) => page(c, async () => c.html(await officeHtml(c), 200)))
  .post("/:id{[0-9]+}/inspection", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const values: Values = { form: "inspection", team: formString(body, "team"), startedOn: formString(body, "startedOn") };
      return formAction(
        c,
        async () => {
          const team = (values["team"] ?? "").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
          await inspectComplaint({ ctx: serviceCtx(c), input: { ...parseInput(ComplaintInspectInput, { team, startedOn: values["startedOn"] }), id } });
          return `/complaints?done=inspection#complaint-${id}`;
        },
        (error) => officeHtml(c, { id, values, error }),
      );
    }),
  )
  .post("/:id{[0-9]+}/close", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const values: Values = { form: "close", reason: formString(body, "reason") };
      return formAction(
        c,
        async () => {
          await closeComplaint({ ctx: serviceCtx(c), input: { ...parseInput(ComplaintCloseInput, { reason: values["reason"] }), id } });
          return `/complaints?done=closed#complaint-${id}`;
        },
        (error) => officeHtml(c, { id, values, error }),
      );
    }),
  );
