import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { can, unitScopes } from "../../auth/policy.js";
import { vnToday } from "../../lib/dates.js";
import { AppError, type FieldError, forbidden, notFound, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, isInputError, page } from "../../web/page.js";
import { ConclusionInput, DecisionInput, InspectionInput, LiftInput, OfficeCertificateQuery, RevokeInput, SuspendInput } from "./inputs.js";
import { certificateUnits, certificateYears, inspectionCertificateId, listOfficeCertificates, loadCertificate, provincesIn, publicCertificate, unitPath } from "./queries.js";
import { issueDecision, pendingResults } from "./services/decisions.js";
import { addInspectionFile, concludeInspection, listInspections, openInspection } from "./services/inspections.js";
import { myNotices, reevaluationList } from "./services/notices.js";
import { liftSuspension, revokeCertificate, suspendCertificate } from "./services/sanctions.js";
import type { FailedForm, Values } from "./views/form.js";
import { FILE_KINDS, managePage } from "./views/manage.js";
import { certificateDocuments } from "./services/documents.js";
import { noticesPage } from "./views/notices.js";
import { AUTHORITY_NAMES, officePage } from "./views/office.js";

/*
 * The provincial office's certification pages: record a recognition decision on the final results waiting for
 * one, follow the certificates due for re-evaluation, suspend, lift, revoke and post-check one certificate;
 * and anyone's notices. Each form posts to its own route, redirects (303) on success and re-renders in place
 * with the error and the submitted values on a 400/409. Views are in views/.
 */

// An inspection's file is an upload: too large (413) or of a refused type (415) is shown beside the form too.
const isUploadError = (err: unknown): err is AppError => isInputError(err) || (err instanceof AppError && (err.status === 413 || err.status === 415));
const fields = (body: Record<string, unknown>, names: string[]): Values => Object.fromEntries(names.map((n) => [n, formString(body, n)]));
const optional = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s.trim());
const lines = (s: string | undefined) => (s ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

const CERT = { vi: "giấy chứng nhận", en: "The certificate" };
const INSPECTION = { vi: "đợt kiểm tra", en: "The inspection" };

// ---- the office's page: pending results and a decision, certificates due for re-evaluation ----

async function provincesOf(c: Context<AppEnv>) {
  const scopes = unitScopes(c.var.auth.principal, "certificates.decide");
  if (!scopes.length) throw forbidden({ vi: "Trang này dành cho Văn phòng Điều phối OCOP của tỉnh.", en: "This page is for the province's OCOP office." });
  return provincesIn(c.var.deps.database.db, scopes);
}

const DECISION_FIELDS = ["unitId", "number", "decidedOn", "authorityLevel", "authorityName", "signerName", "signerTitle"];

async function officeHtml(c: Context<AppEnv>, opts: { values?: Values; checked?: number[]; error?: AppError } = {}): Promise<string> {
  const provinces = await provincesOf(c);
  const ctx = serviceCtx(c);
  const scopes = unitScopes(ctx.principal, "certificates.decide");
  const query = parseInput(OfficeCertificateQuery, c.req.query());
  const [list, units, years] = [await listOfficeCertificates(ctx.db, scopes, query, ctx.now), await certificateUnits(ctx.db, scopes, vnToday(ctx.now)), await certificateYears(ctx.db, scopes)];
  const [pending, due] = [await pendingResults({ ctx }), await reevaluationList({ ctx })];
  const level = pending[0]?.authorityLevel ?? "province";
  const defaults: Values = { unitId: String(provinces[0]?.id ?? ""), decidedOn: vnToday(ctx.now), authorityLevel: level, authorityName: AUTHORITY_NAMES[level] };
  const failed: FailedForm | undefined = opts.error ? { form: "decision", values: opts.values ?? {}, error: opts.error } : undefined;
  return officePage({ ...frame(c), pending, due, provinces, defaults, checked: opts.checked ?? [], list, query, filters: { units, years }, ...(failed ? { failed } : {}) });
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
async function manageHtml(c: Context<AppEnv>, id: number, failed?: FailedForm): Promise<string> {
  const ctx = serviceCtx(c);
  const loaded = await loadCertificate(ctx.db, id);
  if (!loaded) throw notFound(CERT);
  const provincePath = await unitPath(ctx.db, loaded.decision.unitId);
  if (!provincePath || !can(ctx.principal, "certificates.revoke", { unitPath: provincePath })) {
    throw forbidden({ vi: "Chỉ Văn phòng Điều phối của tỉnh đã công nhận xử lý giấy chứng nhận này.", en: "Only the office of the province that recognised it acts on this certificate." });
  }
  const cert = await publicCertificate(ctx.db, id, ctx.now, c.var.deps.config.publicBaseUrl);
  const list = await listInspections({ ctx, input: { certificateId: id } });
  const documents = await certificateDocuments(ctx.db, id, vnToday(ctx.now));
  return managePage({ ...frame(c), cert, inspections: list, documents, today: vnToday(ctx.now), done: c.req.query("done"), ...(failed ? { failed } : {}) });
}

/** Runs one form of the certificate's page: 303 back with `?done=` on success, the page with the error on a 400/409. */
async function certificateForm(c: Context<AppEnv>, form: string, names: string[], run: (id: number, v: Values) => Promise<unknown>, done: string) {
  const id = idParam(c, "id", CERT);
  const v = fields(await c.req.parseBody(), names);
  return formAction(
    c,
    async () => {
      await run(id, v);
      return `/certificates/${id}/manage?done=${done}`;
    },
    (error) => manageHtml(c, id, { form, values: v, error }),
  );
}

/** An inspection's form: back to its certificate's page (uploads also re-render on a 413/415, so not formAction). */
async function inspectionForm(c: Context<AppEnv>, form: string, run: (id: number, body: Record<string, unknown>) => Promise<{ certificateId: number }>, names: string[], done: string) {
  const id = idParam(c, "id", INSPECTION);
  const body = await c.req.parseBody();
  try {
    const ins = await run(id, body);
    return c.redirect(`/certificates/${ins.certificateId}/manage?done=${done}#ins-${id}`, 303);
  } catch (err) {
    if (!isUploadError(err)) throw err;
    const certificateId = await inspectionCertificateId(c.var.deps.database.db, id);
    if (certificateId === undefined) throw err;
    return c.html(await manageHtml(c, certificateId, { form: `${form}-${id}`, values: fields(body, names), error: err }), err.status as 400);
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

/** Mounted at /certificates: the office's page, its decision form and one certificate's page and forms. */
export const pages = new Hono<AppEnv>()
  .get("/", (c) =>
    page(c, async () => {
      return c.html(await officeHtml(c), 200);
    }),
  )
  .post("/decisions", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody({ all: true });
      const values = fields(body, DECISION_FIELDS);
      const raw = body["roundDossierIds"];
      const checked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => Number(x)).filter((x) => Number.isSafeInteger(x) && x > 0);
      return formAction(
        c,
        async () => {
          const decision = await issueDecision({ ctx: serviceCtx(c), input: parseInput(DecisionInput, decisionInput(values, checked)) });
          return `/c/${decision.certificateIds[0]}?done=decision&decision=${decision.id}`;
        },
        (error) => officeHtml(c, { values, checked, error }),
      );
    }),
  )
  .get("/:id{[0-9]+}/manage", (c) => page(c, async () => c.html(await manageHtml(c, idParam(c, "id", CERT)), 200)))
  .post("/:id{[0-9]+}/suspend", (c) =>
    page(c, () =>
      certificateForm(c, "suspend", ["from", "through", "reason"], (id, v) => suspendCertificate({ ctx: serviceCtx(c), input: { ...parseInput(SuspendInput, { from: v["from"], through: optional(v["through"]), reason: v["reason"] }), certificateId: id } }), "suspended"),
    ),
  )
  .post("/:id{[0-9]+}/lift", (c) =>
    page(c, () => certificateForm(c, "lift", ["on", "reason"], (id, v) => liftSuspension({ ctx: serviceCtx(c), input: { ...parseInput(LiftInput, v), certificateId: id } }), "lifted")),
  )
  .post("/:id{[0-9]+}/revoke", (c) =>
    page(c, () =>
      certificateForm(c, "revoke", ["ground", "effectiveOn", "decisionNumber", "authorityName", "reason"], (id, v) => revokeCertificate({ ctx: serviceCtx(c), input: { ...parseInput(RevokeInput, v), certificateId: id } }), "revoked"),
    ),
  )
  .post("/:id{[0-9]+}/inspections", (c) =>
    page(c, () =>
      certificateForm(c, "inspection", ["kind", "team", "startedOn"], (id, v) => openInspection({ ctx: serviceCtx(c), input: { ...parseInput(InspectionInput, { kind: v["kind"], team: lines(v["team"]), startedOn: v["startedOn"] }), certificateId: id } }), "inspection"),
    ),
  );

/** Mounted at /inspections: an inspection's conclusion and files, answered on its certificate's page. */
export const inspectionPages = new Hono<AppEnv>()
  .post("/:id{[0-9]+}/conclude", (c) =>
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
  .post("/:id{[0-9]+}/files", (c) =>
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
  );

/** Mounted at /notices: anyone's notices. */
export const noticesPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(noticesPage({ ...frame(c), notices: await myNotices({ ctx: serviceCtx(c) }) }), 200)));
