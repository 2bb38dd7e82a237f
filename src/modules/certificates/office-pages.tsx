import { and, eq, inArray } from "drizzle-orm";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { can, unitScopes } from "../../auth/policy.js";
import { vnToday } from "../../lib/dates.js";
import { AppError, type FieldError, forbidden, notFound, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, page } from "../../web/page.js";
import { adminUnits } from "../units/schema.js";
import { loadCertificate } from "./certificate-state.js";
import { issueDecision, pendingResults } from "./decision-service.js";
import { ConclusionInput, DecisionInput, InspectionInput, LiftInput, RevokeInput, SuspendInput } from "./inputs.js";
import { addInspectionFile, concludeInspection, listInspections, openInspection } from "./inspection-service.js";
import { myNotices, reevaluationList } from "./notices.js";
import { AUTHORITY_NAMES, FILE_KINDS, type FailedForm, managePage, noticesPage, officePage, type Values } from "./office-page-views.js";
import { publicCertificate } from "./public-view.js";
import { inspections } from "./schema.js";
import { liftSuspension, revokeCertificate, suspendCertificate } from "./sanction-service.js";

/*
 * The provincial office's certification pages: record a recognition decision on the final results waiting for
 * one, follow the certificates due for re-evaluation, suspend, lift, revoke and post-check one certificate;
 * and anyone's notices. Each form posts to its own route, redirects (303) on success and re-renders in place
 * with the error and the submitted values on a 400/409. Views are in office-page-views.tsx.
 */

type FormStatus = 400 | 409 | 413 | 415;
const isInputError = (err: unknown): err is AppError & { status: FormStatus } => err instanceof AppError && [400, 409, 413, 415].includes(err.status);
const fields = (body: Record<string, unknown>, names: string[]): Values => Object.fromEntries(names.map((n) => [n, formString(body, n)]));
const optional = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s.trim());
const lines = (s: string | undefined) => (s ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

function idParam(c: Context<AppEnv>, what: { vi: string; en: string }): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound(what);
  return id;
}
const CERT = { vi: "giấy chứng nhận", en: "The certificate" };
const INSPECTION = { vi: "đợt kiểm tra", en: "The inspection" };

// ---- the office's page: pending results and a decision, certificates due for re-evaluation ----

async function provincesOf(c: Context<AppEnv>) {
  const scopes = unitScopes(c.var.auth.principal, "certificates.decide");
  if (!scopes.length) throw forbidden({ vi: "Trang này dành cho Văn phòng Điều phối OCOP của tỉnh.", en: "This page is for the province's OCOP office." });
  return c.var.deps.database.db.select({ id: adminUnits.id, name: adminUnits.name }).from(adminUnits).where(and(inArray(adminUnits.path, scopes), eq(adminUnits.level, "province")));
}

const DECISION_FIELDS = ["unitId", "number", "decidedOn", "authorityLevel", "authorityName", "signerName", "signerTitle"];

async function showOffice(c: Context<AppEnv>, opts: { status?: 200 | FormStatus; values?: Values; checked?: number[]; error?: AppError } = {}) {
  const provinces = await provincesOf(c);
  const ctx = serviceCtx(c);
  const [pending, due] = [await pendingResults({ ctx }), await reevaluationList({ ctx })];
  const level = pending[0]?.authorityLevel ?? "province";
  const defaults: Values = { unitId: String(provinces[0]?.id ?? ""), decidedOn: vnToday(ctx.now), authorityLevel: level, authorityName: AUTHORITY_NAMES[level] };
  const failed: FailedForm | undefined = opts.error ? { form: "decision", values: opts.values ?? {}, error: opts.error } : undefined;
  const html = officePage({ ...frame(c), pending, due, provinces, defaults, checked: opts.checked ?? [], ...(failed ? { failed } : {}) });
  return c.html(html, opts.status ?? 200);
}

function decisionInput(v: Values, roundDossierIds: number[]) {
  const level = v["authorityLevel"] === "central" ? "central" : v["authorityLevel"] === "province" ? "province" : undefined;
  return {
    unitId: v["unitId"] ? Number(v["unitId"]) : undefined,
    number: v["number"],
    decidedOn: v["decidedOn"],
    authorityLevel: v["authorityLevel"],
    authorityName: optional(v["authorityName"]) ?? (level ? AUTHORITY_NAMES[level] : ""),
    signerName: v["signerName"],
    signerTitle: v["signerTitle"],
    roundDossierIds,
  };
}

// ---- one certificate: sanctions and post-checks ----

/** The certificate's page for the office of the province that recognised it; `failed` re-renders one form. */
async function showManage(c: Context<AppEnv>, id: number, status: 200 | FormStatus = 200, failed?: FailedForm) {
  const ctx = serviceCtx(c);
  const loaded = await loadCertificate(ctx.db, id);
  if (!loaded) throw notFound(CERT);
  const [province] = await ctx.db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, loaded.decision.unitId));
  if (!province || !can(ctx.principal, "certificates.revoke", { unitPath: province.path })) {
    throw forbidden({ vi: "Chỉ Văn phòng Điều phối của tỉnh đã công nhận xử lý giấy chứng nhận này.", en: "Only the office of the province that recognised it acts on this certificate." });
  }
  const cert = await publicCertificate(ctx.db, id, ctx.now, c.var.deps.config.publicBaseUrl);
  const list = await listInspections({ ctx, input: { certificateId: id } });
  return c.html(managePage({ ...frame(c), cert, inspections: list, today: vnToday(ctx.now), done: c.req.query("done"), ...(failed ? { failed } : {}) }), status);
}

/** Runs one form of the certificate's page: 303 back with `?done=` on success, the page with the error on a 400/409. */
async function certificateForm(c: Context<AppEnv>, form: string, names: string[], run: (id: number, v: Values) => Promise<unknown>, done: string) {
  const id = idParam(c, CERT);
  const v = fields(await c.req.parseBody(), names);
  try {
    await run(id, v);
    return c.redirect(`/certificates/${id}/manage?done=${done}`, 303);
  } catch (err) {
    if (!isInputError(err)) throw err;
    return showManage(c, id, err.status, { form, values: v, error: err });
  }
}

/** An inspection's form: back to its certificate's page. */
async function inspectionForm(c: Context<AppEnv>, form: string, run: (id: number, body: Record<string, unknown>) => Promise<{ certificateId: number }>, names: string[], done: string) {
  const id = idParam(c, INSPECTION);
  const body = await c.req.parseBody();
  try {
    const ins = await run(id, body);
    return c.redirect(`/certificates/${ins.certificateId}/manage?done=${done}#ins-${id}`, 303);
  } catch (err) {
    if (!isInputError(err)) throw err;
    const [row] = await c.var.deps.database.db.select({ certificateId: inspections.certificateId }).from(inspections).where(eq(inspections.id, id)).limit(1);
    if (!row) throw err;
    return showManage(c, row.certificateId, err.status, { form: `${form}-${id}`, values: fields(body, names), error: err });
  }
}

const YES = new Set(["yes", "y", "có", "co", "đạt", "dat", "true", "1"]);
const NO = new Set(["no", "n", "không", "khong", "không đạt", "khong dat", "false", "0"]);

/** "criterionId | met yes/no | finding" per line. */
function parseFindings(text: string | undefined) {
  const errors: FieldError[] = [];
  const findings = lines(text).map((line, i) => {
    const [criterionId = "", met = "", ...rest] = line.split("|").map((x) => x.trim());
    const m = met.toLocaleLowerCase("vi");
    if (!YES.has(m) && !NO.has(m)) {
      errors.push({ path: "findings", message: `Line ${i + 1}: write "criterion | yes/no | finding".`, vi: `Dòng ${i + 1}: ghi "mã tiêu chí | có/không | nhận xét".`, en: `Line ${i + 1}: write "criterion | yes/no | finding".` });
    }
    return { criterionId, met: YES.has(m), finding: rest.join(" | ") };
  });
  if (errors.length) throw validationError(errors);
  return findings;
}

export const certificateOfficePages = new Hono<AppEnv>()
  .get("/certificates", (c) =>
    page(c, async () => {
      const manage = Number(c.req.query("manage"));
      if (Number.isSafeInteger(manage) && manage > 0) {
        await provincesOf(c);
        return c.redirect(`/certificates/${manage}/manage`, 303);
      }
      return showOffice(c);
    }),
  )
  .post("/certificates/decisions", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody({ all: true });
      const values = fields(body, DECISION_FIELDS);
      const raw = body["roundDossierIds"];
      const checked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => Number(x)).filter((x) => Number.isSafeInteger(x) && x > 0);
      try {
        const decision = await issueDecision({ ctx: serviceCtx(c), input: parseInput(DecisionInput, decisionInput(values, checked)) });
        return c.redirect(`/c/${decision.certificateIds[0]}?done=decision&decision=${decision.id}`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return showOffice(c, { status: err.status, values, checked, error: err });
      }
    }),
  )
  .get("/certificates/:id{[0-9]+}/manage", (c) => page(c, () => showManage(c, idParam(c, CERT))))
  .post("/certificates/:id{[0-9]+}/suspend", (c) =>
    page(c, () =>
      certificateForm(c, "suspend", ["from", "through", "reason"], (id, v) => suspendCertificate({ ctx: serviceCtx(c), input: { ...parseInput(SuspendInput, { from: v["from"], through: optional(v["through"]), reason: v["reason"] }), certificateId: id } }), "suspended"),
    ),
  )
  .post("/certificates/:id{[0-9]+}/lift", (c) =>
    page(c, () => certificateForm(c, "lift", ["on", "reason"], (id, v) => liftSuspension({ ctx: serviceCtx(c), input: { ...parseInput(LiftInput, v), certificateId: id } }), "lifted")),
  )
  .post("/certificates/:id{[0-9]+}/revoke", (c) =>
    page(c, () =>
      certificateForm(c, "revoke", ["ground", "effectiveOn", "decisionNumber", "authorityName", "reason"], (id, v) => revokeCertificate({ ctx: serviceCtx(c), input: { ...parseInput(RevokeInput, v), certificateId: id } }), "revoked"),
    ),
  )
  .post("/certificates/:id{[0-9]+}/inspections", (c) =>
    page(c, () =>
      certificateForm(c, "inspection", ["kind", "team", "startedOn"], (id, v) => openInspection({ ctx: serviceCtx(c), input: { ...parseInput(InspectionInput, { kind: v["kind"], team: lines(v["team"]), startedOn: v["startedOn"] }), certificateId: id } }), "inspection"),
    ),
  )
  .post("/inspections/:id{[0-9]+}/conclude", (c) =>
    page(c, () =>
      inspectionForm(
        c,
        "conclude",
        (id, body) => {
          const input = { findings: parseFindings(formString(body, "findings")), conclusion: formString(body, "conclusion"), note: formString(body, "note"), concludedOn: formString(body, "concludedOn") };
          return concludeInspection({ ctx: serviceCtx(c), input: { ...parseInput(ConclusionInput, input), inspectionId: id } });
        },
        ["findings", "conclusion", "note", "concludedOn"],
        "concluded",
      ),
    ),
  )
  .post("/inspections/:id{[0-9]+}/files", (c) =>
    page(c, () =>
      inspectionForm(
        c,
        "files",
        async (id, body) => {
          const file = await readMultipartFile(body["file"]);
          const kind = FILE_KINDS.find((k) => k === body["kind"]);
          if (!file || !kind) {
            throw validationError([{ path: file ? "kind" : "file", vi: file ? "Chọn loại tệp: biên bản lấy mẫu, kết quả thử nghiệm hoặc khác." : "Chọn tệp.", en: file ? "Choose the kind: sample, lab or other." : "Choose a file.", message: "Invalid upload" }]);
          }
          const note = optional(formString(body, "note"))?.slice(0, 1000);
          return addInspectionFile({ ctx: serviceCtx(c), input: { inspectionId: id, kind, note, file } });
        },
        ["kind", "note"],
        "file",
      ),
    ),
  )
  .get("/notices", (c) => page(c, async () => c.html(noticesPage({ ...frame(c), notices: await myNotices({ ctx: serviceCtx(c) }) }), 200)));
