import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { formatDateTime, type Bilingual, type Locale } from "../../lib/i18n.js";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { AppError, notFound } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { FieldMessage, Notice, Problem } from "../../web/form-messages.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import { formString, frame, page } from "../../web/page.js";
import { stampRuntime } from "./runtime/stamp-runtime.js";
import {
  fileReport,
  getReport,
  listReports,
  MAX_REPORT_PHOTO_BYTES,
  REPORT_STATE_LABELS,
  ReportInput,
  ReportSchema,
  ReportUpdateInput,
  reportPhoto,
  updateReport,
  type ReportState,
  type ReportView,
} from "./services/reports.js";
import { REPORT_STATES } from "./schema.js";

/*
 * Reports of suspected fakes: the public form under the scan page (/s/{code}/report, no sign-in, CSRF-checked
 * like the sign-in form), the office's JSON API and its page of cases.
 */

type Values = Record<string, string>;
const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

// ---- the public form ----

type FormProps = { locale: Locale; csrfToken: string; path: string; code: string; values: Values; error?: AppError | undefined; principal: ReturnType<typeof frame>["principal"] | null };

function reportFormPage(p: FormProps): string {
  const L = p.locale;
  const v = p.values;
  const action = `/s/${encodeURIComponent(p.code)}/report`;
  return renderPage(
    <Layout title={{ vi: "Báo cáo tem, sản phẩm nghi giả", en: "Report a suspected fake" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/s/${encodeURIComponent(p.code)}`}>{t(L, { vi: "← Về trang kiểm tra tem", en: "← Back to the stamp check" })}</a>
      </p>
      <p>
        {t(L, { vi: "Mã tem: ", en: "Stamp code: " })}
        <code>{p.code.slice(0, 64)}</code>
      </p>
      <p class="sub">
        {t(L, {
          vi: "Cơ quan quản lý OCOP tỉnh sẽ xác minh báo cáo. Thông tin liên hệ là không bắt buộc và chỉ dùng để liên lạc lại với bạn.",
          en: "The provincial OCOP office will look into your report. Contact details are optional and used only to reach you.",
        })}
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="what">{t(L, { vi: "Điều gì đã xảy ra? (bắt buộc)", en: "What happened? (required)" })}</label>
        <textarea id="what" name="what" required maxlength={4000} rows={5}>
          {v["what"] ?? ""}
        </textarea>
        <FieldMessage error={p.error} path="what" locale={L} />
        <label for="place">{t(L, { vi: "Nơi mua (không bắt buộc)", en: "Where you bought it (optional)" })}</label>
        <input id="place" name="place" type="text" maxlength={500} value={v["place"] ?? ""} />
        <FieldMessage error={p.error} path="place" locale={L} />
        <label for="photo">{t(L, { vi: `Ảnh sản phẩm hoặc tem (không bắt buộc; JPEG, PNG, WebP, tối đa ${MAX_REPORT_PHOTO_BYTES / 1024 / 1024} MB)`, en: `Photo of the product or stamp (optional; JPEG, PNG, WebP, up to ${MAX_REPORT_PHOTO_BYTES / 1024 / 1024} MB)` })}</label>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
        <FieldMessage error={p.error} path="photo" locale={L} />
        <label for="contact">{t(L, { vi: "Số điện thoại hoặc email để liên hệ lại (không bắt buộc)", en: "Phone or email to contact you (optional)" })}</label>
        <input id="contact" name="contact" type="text" maxlength={200} autocomplete="tel" value={v["contact"] ?? ""} />
        <FieldMessage error={p.error} path="contact" locale={L} />
        <button type="submit">{t(L, { vi: "Gửi báo cáo", en: "Send the report" })}</button>
      </form>
    </Layout>,
  );
}

function thanksPage(p: { locale: Locale; csrfToken: string; path: string; principal: FormProps["principal"]; caseNumber: string }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Cảm ơn bạn đã báo cáo", en: "Thank you for your report" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <div class="notice ok" role="status">
        <p>
          {t(L, { vi: "Báo cáo của bạn đã được ghi nhận với mã số ", en: "Your report is recorded as case " })}
          <strong id="case-number">{p.caseNumber}</strong>.
        </p>
        <p>{t(L, { vi: "Hãy ghi lại mã số này nếu bạn cần liên hệ với cơ quan quản lý OCOP tỉnh.", en: "Keep this number if you need to contact the provincial OCOP office." })}</p>
      </div>
      <p>
        <a href="/">{t(L, { vi: "Về trang chủ", en: "Back to the home page" })}</a>
      </p>
    </Layout>,
  );
}

const publicFrame = (c: Context<AppEnv>) => ({ locale: c.var.locale, csrfToken: c.var.csrfToken, path: c.req.path, principal: c.var.auth.principal });
const REPORT_FIELDS = ["what", "place", "contact"];

// ---- the office's page ----

type Frame = ReturnType<typeof frame>;
type Failed = { id: number; values: Values; error: AppError };

const NOTICES: Record<string, Bilingual> = { updated: { vi: "Đã cập nhật vụ việc.", en: "The case is updated." } };

function CaseCard({ r, csrfToken, failed, locale: L }: { r: ReportView; csrfToken: string; failed: Failed | undefined; locale: Locale }) {
  const mine = failed?.id === r.id ? failed : undefined;
  const state = mine?.values["state"] ?? r.state;
  const formId = `case-${r.id}`;
  return (
    <section class="card" id={formId}>
      <h2>
        {`${r.caseNumber} · `}
        <span class={`badge ${r.state === "confirmed_fake" ? "badge-bad" : r.state === "dismissed" ? "badge-ok" : "badge-warn"}`}>{t(L, REPORT_STATE_LABELS[r.state])}</span>
      </h2>
      <dl class="props">
        <dt>{t(L, { vi: "Ngày nhận", en: "Received" })}</dt>
        <dd>{formatDateTime(new Date(r.createdAt))}</dd>
        <dt>{t(L, { vi: "Mã tem", en: "Stamp code" })}</dt>
        <dd>
          <code>{r.code ?? "—"}</code>
          {r.stampId === null ? ` (${t(L, { vi: "không phải tem đã phát hành", en: "not an issued stamp" })})` : ` (${t(L, { vi: "tem", en: "stamp" })} #${r.stampId}, ${t(L, { vi: "lô tem", en: "batch" })} ${r.batchId ?? "?"}, ${t(L, { vi: "số thứ tự", en: "seq" })} ${r.seq ?? "?"})`}
        </dd>
        <dt>{t(L, { vi: "Sản phẩm", en: "Product" })}</dt>
        <dd>{r.productName ?? "—"}</dd>
        <dt>{t(L, { vi: "Nội dung", en: "What happened" })}</dt>
        <dd>{r.what}</dd>
        {r.place ? (
          <>
            <dt>{t(L, { vi: "Nơi mua", en: "Where bought" })}</dt>
            <dd>{r.place}</dd>
          </>
        ) : null}
        {r.contact ? (
          <>
            <dt>{t(L, { vi: "Liên hệ", en: "Contact" })}</dt>
            <dd>{r.contact}</dd>
          </>
        ) : null}
        {r.photoUrl ? (
          <>
            <dt>{t(L, { vi: "Ảnh", en: "Photo" })}</dt>
            <dd>
              <a href={r.photoUrl}>{t(L, { vi: "Xem ảnh", en: "View the photo" })}</a>
            </dd>
          </>
        ) : null}
        {r.officeNote ? (
          <>
            <dt>{t(L, { vi: "Ghi chú xử lý", en: "Office note" })}</dt>
            <dd>{r.officeNote}</dd>
          </>
        ) : null}
      </dl>
      <form method="post" action={`/reports/fakes/${r.id}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Problem error={mine?.error} locale={L} />
        <label for={`${formId}-state`}>{t(L, { vi: "Trạng thái", en: "State" })}</label>
        <select id={`${formId}-state`} name="state">
          {REPORT_STATES.map((s) => (
            <option value={s} selected={state === s}>
              {t(L, REPORT_STATE_LABELS[s])}
            </option>
          ))}
        </select>
        <label for={`${formId}-note`}>{t(L, { vi: "Ghi chú xử lý", en: "Note" })}</label>
        <textarea id={`${formId}-note`} name="note" required maxlength={4000} rows={2}>
          {mine?.values["note"] ?? ""}
        </textarea>
        <FieldMessage error={mine?.error} path="note" locale={L} />
        <button type="submit">{t(L, { vi: "Cập nhật", en: "Update" })}</button>
      </form>
    </section>
  );
}

function casesPage(p: Frame & { items: ReportView[]; state: ReportState | undefined; failed?: Failed; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Báo cáo tem, sản phẩm nghi giả", en: "Reports of suspected fakes" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <nav class="filters" aria-label={t(L, { vi: "Lọc theo trạng thái", en: "Filter by state" })}>
        <a href="/reports/fakes" aria-current={p.state ? undefined : "page"}>
          {t(L, { vi: "Tất cả", en: "All" })}
        </a>
        {REPORT_STATES.map((s) => (
          <>
            {" · "}
            <a href={`/reports/fakes?state=${s}`} aria-current={p.state === s ? "page" : undefined}>
              {t(L, REPORT_STATE_LABELS[s])}
            </a>
          </>
        ))}
      </nav>
      {p.items.length === 0 ? <p class="empty">{t(L, { vi: "Không có báo cáo nào.", en: "No report." })}</p> : null}
      {p.items.map((r) => (
        <CaseCard r={r} csrfToken={p.csrfToken} failed={p.failed} locale={L} />
      ))}
    </Layout>,
  );
}

const stateParam = (s: string | undefined): ReportState | undefined => ((REPORT_STATES as readonly string[]).includes(s ?? "") ? (s as ReportState) : undefined);

async function showCases(c: Context<AppEnv>, status: 200 | 400 | 409 = 200, failed?: Failed) {
  const state = stateParam(c.req.query("state"));
  const items = await listReports({ ctx: serviceCtx(c), input: { state } });
  return c.html(casesPage({ ...frame(c), items, state, ...(failed ? { failed } : {}), done: c.req.query("done") }), status);
}

// ---- the JSON API ----

const T = ["fake reports"];
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" }, example: 1 }) });
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const common = { 400: problem("Invalid input"), 401: problem("Sign-in required"), 403: problem("Not the provincial office of the product's unit, or missing x-csrf-token") };

const listRoute = createRoute({
  method: "get",
  path: "/api/fake-reports",
  tags: T,
  summary: "Reports of suspected fakes about products in the office's units, and those about no issued stamp",
  request: { query: z.object({ state: z.enum(REPORT_STATES).optional() }) },
  responses: { 200: json(z.object({ items: z.array(ReportSchema) }), "Reports, newest first"), ...common },
});
const getRoute = createRoute({ method: "get", path: "/api/fake-reports/{id}", tags: T, summary: "One report", request: { params: IdParam }, responses: { 200: json(ReportSchema, "The report"), ...common, 404: problem("No such report") } });
const patchRoute = createRoute({
  method: "patch",
  path: "/api/fake-reports/{id}",
  tags: T,
  summary: "Move a case to another state, with the office's note",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ReportUpdateInput } } } },
  responses: { 200: json(ReportSchema, "The updated report"), ...common, 404: problem("No such report") },
});

const photoRoute = createRoute({
  method: "get",
  path: "/api/fake-reports/{id}/photo",
  tags: T,
  summary: "The report's photo (re-encoded as WebP when filed)",
  request: { params: IdParam },
  responses: { 200: { description: "The photo", content: { "image/webp": { schema: z.string().openapi({ format: "binary" }) } } }, ...common, 404: problem("No such report, or it has no photo") },
});

const reportId = (c: Context<AppEnv>) => {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "trang", en: "The page" });
  return id;
};

export const reportRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: await listReports({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getReport({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200))
  .openapi(patchRoute, async (c) => c.json(await updateReport({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200))
  .openapi(photoRoute, async (c) => {
    const f = await reportPhoto({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
    return new Response(f.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { "content-type": f.contentType, "cache-control": "private, no-store", "x-content-type-options": "nosniff", "content-disposition": "inline" } });
  })
  .get("/s/:code/report", (c) => {
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    return c.html(reportFormPage({ ...publicFrame(c), code: c.req.param("code"), values: {} }), 200);
  })
  .get("/s/:code/report/sent", (c) => {
    const n = c.req.query("case") ?? "";
    if (!/^BCG-\d{6,}$/.test(n)) return c.redirect(`/s/${encodeURIComponent(c.req.param("code"))}/report`, 303);
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    return c.html(thanksPage({ ...publicFrame(c), caseNumber: n }), 200);
  })
  .post("/s/:code/report", async (c) => {
    const code = c.req.param("code");
    const body = await c.req.parseBody();
    const values: Values = Object.fromEntries(REPORT_FIELDS.map((f) => [f, formString(body, f)]));
    c.header("cache-control", "no-store");
    try {
      const input = parseInput(ReportInput, values);
      const photo = await readMultipartFile(body["photo"]);
      const deps = c.var.deps;
      const done = await fileReport({ db: deps.database.db, now: deps.now(), requestId: c.var.requestId, stampKeys: stampRuntime(deps).stampKeys, code, input, photo });
      // Post/redirect/get: reloading the thank-you page does not file the report again.
      return c.redirect(`/s/${encodeURIComponent(code)}/report/sent?case=${done.caseNumber}`, 303);
    } catch (err) {
      if (!isInputError(err)) throw err;
      return c.html(reportFormPage({ ...publicFrame(c), code, values, error: err }), err.status as 400);
    }
  })
  .get("/reports/fakes", (c) => page(c, () => showCases(c)))
  .post("/reports/fakes/:id{[0-9]+}", (c) =>
    page(c, async () => {
      const id = reportId(c);
      const body = await c.req.parseBody();
      const values: Values = { state: formString(body, "state"), note: formString(body, "note") };
      try {
        await updateReport({ ctx: serviceCtx(c), input: { ...parseInput(ReportUpdateInput, values), id } });
        return c.redirect(`/reports/fakes?done=updated#case-${id}`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return showCases(c, err.status as 400 | 409, { id, values, error: err });
      }
    }),
  );
