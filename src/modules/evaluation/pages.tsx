import { Hono, type Context } from "hono";
import { unitScopes } from "../../auth/policy.js";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { vnToday } from "../../lib/dates.js";
import { AppError, validationError } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { getProduct } from "../products/index.js";
import { loadRubric } from "../rubrics/index.js";
import { APPEAL_STATES, type AppealState } from "../../domain/appeal-period.js";
import { decideAppeal, dossierAppeals, fileAppeal, listAppeals, rescoreRoundChoices } from "./services/appeals.js";
import { appealsPage, type AppealFailed } from "./views/appeals.js";
import { EvidenceMetaInput, ActingChairInput, AppealDecisionInput, AppealInput, AssignInput, CouncilInput, CreateDossierInput, CreateRoundInput, DossierActionInput, EliminationInput, ListDossiersQuery, NoteInput, type SheetView } from "./inputs.js";
import { dossierDetail, evidenceFile, evidenceOf, getDossier, listDossiers, roundDossierAccess } from "./queries.js";
import { carryForwardOf } from "./queries/carry-forward.js";
import { roundDossierPage } from "./views/round-dossier.js";
import { actOnDossier, createDossier, saveSelfScore } from "./services/dossiers.js";
import { addEvidence } from "./services/evidence.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { dossierFeedback, finalise, getResult, recordElimination, recordNote, setActingChair } from "./services/results.js";
import { assignDossiers, councilCandidates, createRound, getRound, listRoundDossiers, listRounds, roundUnitChoices, setCouncil, waitingDossiers } from "./services/rounds.js";
import { getOwnSheet, saveSheet, submitSheet } from "./services/scoring.js";
import { detailPage, listPage, newDossierPage, REG_FIELDS, type RegValues } from "./views/dossier.js";
import { newRoundPage, setupPage, type Values } from "./views/round-setup.js";
import { roundPage, roundsPage, type Row } from "./views/rounds.js";
import type { SheetValues } from "./views/score-rows.js";
import { SheetPage } from "./views/sheet.js";

/*
 * The evaluation pages, one sub-app per prefix: /rounds (setting a round up, the council's round at a glance
 * and its steps, the member's score sheet), /dossiers (the producer's dossiers and self-score) and the
 * registration form under /products/{id}. Plain forms, no JavaScript; every step is post-redirect-get.
 */

/** The score rows' fields back into a sheet: `choice:1.1`, `note:1.1`, `evidence:1.1`. */
export function sheetFromForm(body: Record<string, unknown>): SheetValues {
  const choices: Record<string, string> = {};
  const notes: Record<string, string> = {};
  const evidence: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== "string") continue;
    const [kind, id] = k.split(":", 2);
    if (!id) continue;
    if (kind === "choice") choices[id] = v;
    else if (kind === "note") notes[id] = v;
    else if (kind === "evidence") evidence[id] = v;
  }
  return { choices, notes, evidence };
}

// ---- setting a round up ---------------------------------------------------------------------------------------

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s.replace(",", ".")));

const FIELDS = ["name", "level", "unitId", "opensOn", "closesOn", "rubricVersion", "quorumNumerator", "quorumDenominator", "divergenceLimit", "bandEdge"];

function roundInput(v: Values) {
  return {
    name: v["name"]?.trim(),
    level: v["level"],
    unitId: num(v["unitId"]),
    opensOn: v["opensOn"],
    closesOn: v["closesOn"],
    rubricVersion: v["rubricVersion"],
    quorum: { numerator: num(v["quorumNumerator"]) ?? 3, denominator: num(v["quorumDenominator"]) ?? 4 },
    divergenceLimit: num(v["divergenceLimit"]),
    bandEdge: num(v["bandEdge"]),
  };
}

async function setupHtml(c: Context<AppEnv>, id: number, error?: AppError): Promise<string> {
  const ctx = serviceCtx(c);
  const [round, candidates, waiting] = [await getRound({ ctx, input: { roundId: id } }), await councilCandidates({ ctx, input: { roundId: id } }), await waitingDossiers({ ctx, input: { roundId: id } })];
  return setupPage({ ...frame(c), round, candidates, waiting, ...(error ? { error } : {}) });
}

// ---- the council's round ----------------------------------------------------------------------------------------

const rdIds = (c: Context<AppEnv>) => ({ roundId: idParam(c), rdId: idParam(c, "rdId") });

async function roundHtml(c: Context<AppEnv>, roundId: number, error?: { rdId: number; error: AppError }): Promise<string> {
  const ctx = serviceCtx(c);
  const round = await getRound({ ctx, input: { roundId } });
  const rows: Row[] = [];
  for (const rd of await listRoundDossiers({ ctx, input: { roundId } })) {
    const eliminationRules = loadRubric(round.rubricVersion, rd.criteriaSetId).eliminationRules;
    try {
      rows.push({ rd, result: await getResult({ ctx, input: { roundId, rdId: rd.id } }), hidden: null, eliminationRules });
    } catch (err) {
      // A member sees the council's figures only after submitting their own sheet; a conflicted one never.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      rows.push({ rd, result: null, eliminationRules, hidden: { vi: "Kết quả của Hội đồng hiện sau khi bạn nộp phiếu của mình.", en: "The council's figures show once you have submitted your own sheet." } });
    }
  }
  return roundPage({ ...frame(c), round, rows, done: c.req.query("done"), ...(error ? { error } : {}) });
}

/** A chair's or office's step on one dossier; a refusal is shown beside that dossier. */
function step(run: (c: Context<AppEnv>, id: { roundId: number; rdId: number }) => Promise<string>) {
  return (c: Context<AppEnv>) =>
    page(c, async () => {
      const id = rdIds(c);
      return formAction(
        c,
        async () => `/rounds/${id.roundId}?done=${await run(c, id)}#rd-${id.rdId}`,
        (error) => roundHtml(c, id.roundId, { rdId: id.rdId, error }),
      );
    });
}

const note = async (c: Context<AppEnv>, id: { roundId: number; rdId: number }, kind: "discussion" | "band_edge") => {
  const input = parseInput(NoteInput, { note: formString(await c.req.parseBody(), "note") });
  await recordNote({ ctx: serviceCtx(c), input: { ...input, ...id, kind } });
  return kind;
};

// ---- the member's score sheet -------------------------------------------------------------------------------

async function sheetHtml(c: Context<AppEnv>, roundId: number, rdId: number, opts: { error?: AppError; sheet?: SheetView; saved?: boolean; draftKept?: boolean } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const { access, sheet } = await getOwnSheet({ ctx, input: { roundId, rdId } });
  const d = access.dossier.d;
  const evidence = await evidenceOf(ctx.db, d.id, vnToday(ctx.now));
  return SheetPage({
    frame: frame(c),
    roundId,
    rdId,
    roundName: access.r.name,
    productName: access.dossier.productName,
    producerName: access.dossier.producerName,
    rubric: loadRubric(access.r.rubricVersion, d.criteriaSetId),
    sheet: opts.sheet ?? sheet,
    // What the producer filed, beside each item: its self-score, its explanations and its evidence files.
    producer: { choices: d.selfChoices, notes: d.selfNotes, evidence, fileHref: (id) => `/rounds/${roundId}/dossiers/${rdId}/evidence/${id}` },
    carryForward: await carryForwardOf(ctx.db, d, evidence),
    error: opts.error,
    saved: opts.saved ?? false,
    draftKept: opts.draftKept ?? false,
  });
}

/** Everything under /rounds. */
export const roundsPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(roundsPage({ ...frame(c), rounds: await listRounds({ ctx: serviceCtx(c) }), canOpen: unitScopes(c.var.auth.principal, "rounds.manage").length > 0 }), 200)))
  .get("/new", (c) =>
    page(c, async () => {
      const choices = await roundUnitChoices({ ctx: serviceCtx(c) });
      const values: Values = { level: "province", rubricVersion: choices.rubricVersions.at(-1) ?? "", quorumNumerator: "3", quorumDenominator: "4", divergenceLimit: "10", bandEdge: "1" };
      return c.html(newRoundPage({ ...frame(c), units: choices.units, versions: choices.rubricVersions, values }), 200);
    }),
  )
  .post("/new", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody();
      const values: Values = Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));
      return formAction(
        c,
        async () => `/rounds/${(await createRound({ ctx: serviceCtx(c), input: parseInput(CreateRoundInput, roundInput(values)) })).id}/setup`,
        async (error) => {
          const choices = await roundUnitChoices({ ctx: serviceCtx(c) });
          return newRoundPage({ ...frame(c), units: choices.units, versions: choices.rubricVersions, values, error });
        },
      );
    }),
  )
  .get("/:id{[0-9]+}/setup", (c) => page(c, async () => c.html(await setupHtml(c, idParam(c)), 200)))
  .post("/:id{[0-9]+}/council", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const members = Object.entries(body)
        .filter(([k, v]) => k.startsWith("seat:") && typeof v === "string" && v !== "none")
        .map(([k, v]) => ({ userId: k.slice(5), role: v }));
      return formAction(
        c,
        async () => {
          await setCouncil({ ctx: serviceCtx(c), input: { ...parseInput(CouncilInput, { members }), roundId: id } });
          return `/rounds/${id}/setup`;
        },
        (error) => setupHtml(c, id, error),
      );
    }),
  )
  .post("/:id{[0-9]+}/assign", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody({ all: true });
      const raw = body["dossierIds"];
      const dossierIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => Number(x));
      return formAction(
        c,
        async () => {
          await assignDossiers({ ctx: serviceCtx(c), input: { ...parseInput(AssignInput, { dossierIds }), roundId: id } });
          return `/rounds/${id}`;
        },
        (error) => setupHtml(c, id, error),
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await roundHtml(c, idParam(c)), 200)))
  .post("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/discussion", step((c, id) => note(c, id, "discussion")))
  .post("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/chair-note", step((c, id) => note(c, id, "band_edge")))
  .post(
    "/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/acting-chair",
    step(async (c, id) => {
      const body = await c.req.parseBody();
      const input = parseInput(ActingChairInput, { userId: formString(body, "userId"), reason: formString(body, "reason") });
      await setActingChair({ ctx: serviceCtx(c), input: { ...input, ...id } });
      return "acting_chair";
    }),
  )
  .post(
    "/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/elimination",
    step(async (c, id) => {
      const body = await c.req.parseBody();
      const input = parseInput(EliminationInput, { ruleId: formString(body, "ruleId") || null, note: formString(body, "note") });
      await recordElimination({ ctx: serviceCtx(c), input: { ...input, ...id } });
      return "elimination";
    }),
  )
  .post(
    "/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/finalise",
    step(async (c, id) => {
      await finalise({ ctx: serviceCtx(c), input: { ...id } });
      return "final";
    }),
  )
  .get("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/evidence/:evId{[0-9]+}", (c) =>
    page(c, async () => {
      // The council reads the producer's evidence through its round (a seat or the round's office), as the sheet does.
      const { roundId, rdId } = rdIds(c);
      const ctx = serviceCtx(c);
      const a = await roundDossierAccess(ctx.db, ctx.principal, roundId, rdId);
      const f = await evidenceFile(ctx.db, a.dossier.d.id, idParam(c, "evId"));
      return new Response(new Uint8Array(f.bytes).buffer as ArrayBuffer, {
        headers: {
          "content-type": f.contentType,
          "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`,
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
        },
      });
    }),
  )
  .get("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}", (c) =>
    page(c, async () => {
      // The dossier as the council reads it: what changed since the certified one, and its documents' validity.
      const { roundId, rdId } = rdIds(c);
      const ctx = serviceCtx(c);
      const a = await roundDossierAccess(ctx.db, ctx.principal, roundId, rdId);
      const d = await dossierDetail(ctx.db, ctx.principal, a.dossier, vnToday(ctx.now));
      return c.html(roundDossierPage({ ...frame(c), roundId, rdId, roundName: a.r.name, d, scores: !!a.seat && a.seat.role !== "secretary" }), 200);
    }),
  )
  .get("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/sheet", (c) =>
    page(c, async () => {
      const { roundId, rdId } = rdIds(c);
      return c.html(await sheetHtml(c, roundId, rdId, { saved: c.req.query("done") === "saved" }), 200);
    }),
  )
  .post("/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/sheet", (c) =>
    page(c, async () => {
      const { roundId, rdId } = rdIds(c);
      const body = await c.req.parseBody();
      const values = sheetFromForm(body);
      let draftKept = false;
      return formAction(
        c,
        async () => {
          // The typed values are saved first in their own transaction, so a refused submit loses nothing.
          const saved = await saveSheet({ ctx: serviceCtx(c), input: { ...values, roundId, rdId } });
          if (body["intent"] === "submit") {
            draftKept = true;
            await submitSheet({ ctx: serviceCtx(c), input: { roundId, rdId } });
            return `/rounds/${roundId}/dossiers/${rdId}/sheet?done=saved`;
          }
          // "Save and go on": back to the first item still to score.
          return `/rounds/${roundId}/dossiers/${rdId}/sheet?done=saved${saved.missing[0] ? `#item-${saved.missing[0]}` : ""}`;
        },
        async (error) => {
          // The sheet comes back as it was sent, with the messages next to the rows.
          const { sheet } = await getOwnSheet({ ctx: serviceCtx(c), input: { roundId, rdId } });
          return sheetHtml(c, roundId, rdId, { error, sheet: { ...sheet, ...values }, draftKept });
        },
      );
    }),
  );

// ---- the producer's dossiers ----------------------------------------------------------------------------------

function regInput(v: RegValues, productId: number): Record<string, unknown> {
  const n = (v.sampleCount ?? "").trim();
  return {
    productId,
    kind: v.kind,
    representativeName: v.representativeName ?? "",
    representativePosition: v.representativePosition ?? "",
    phone: v.phone ?? "",
    email: v.email?.trim() || undefined,
    sampleCount: n === "" ? undefined : /^\d{1,3}$/.test(n) ? Number(n) : n,
    changes: v.changes?.trim() || undefined,
  };
}

async function dossierHtml(c: Context<AppEnv>, dossierId: number, extra: { error?: AppError; values?: SheetValues; appealError?: AppError; appealValues?: Record<string, string> } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const d = await getDossier({ ctx, input: { dossierId } });
  const feedback = await dossierFeedback({ ctx, input: { dossierId } }).catch((err) => {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  });
  const appeals = await dossierAppeals({ ctx, input: { dossierId } });
  return detailPage({ ...frame(c), d, rubric: loadRubric(d.rubricVersion, d.criteriaSetId), feedback, appeals, done: c.req.query("done"), ...extra });
}

/** The registration form of a product's dossier, under /products. */
export const productDossierPages = new Hono<AppEnv>()
  .get("/:id{[0-9]+}/dossiers/new", (c) =>
    page(c, async () => {
      const product = await getProduct({ ctx: serviceCtx(c), input: { productId: idParam(c) } });
      return c.html(newDossierPage({ ...frame(c), productId: product.id, productName: product.name, values: { kind: "first", sampleCount: "5" } }), 200);
    }),
  )
  .post("/:id{[0-9]+}/dossiers/new", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const body = await c.req.parseBody();
      const values: RegValues = Object.fromEntries(REG_FIELDS.map((f) => [f, formString(body, f)]));
      return formAction(
        c,
        async () => `/dossiers/${(await createDossier({ ctx: serviceCtx(c), input: parseInput(CreateDossierInput, regInput(values, productId)) })).id}#self-score`,
        async (error) => {
          const product = await getProduct({ ctx: serviceCtx(c), input: { productId } });
          return newDossierPage({ ...frame(c), productId, productName: product.name, values, error });
        },
      );
    }),
  );

/** Everything under /dossiers. */
export const dossiersPages = new Hono<AppEnv>()
  .post("/:id{[0-9]+}/appeals", (c) =>
    page(c, async () => {
      const dossierId = idParam(c);
      const body = await c.req.parseBody();
      const values = { grounds: formString(body, "grounds"), roundDossierId: formString(body, "roundDossierId") };
      return formAction(
        c,
        async () => {
          const input = parseInput(AppealInput, { grounds: values.grounds, roundDossierId: /^\d{1,10}$/.test(values.roundDossierId) ? Number(values.roundDossierId) : values.roundDossierId });
          await fileAppeal({ ctx: serviceCtx(c), input: { ...input, dossierId } });
          return `/dossiers/${dossierId}?done=appealed#appeals`;
        },
        (error) => dossierHtml(c, dossierId, { appealError: error, appealValues: values }),
      );
    }),
  )
  .get("/", (c) =>
    page(c, async () => {
      // ?state=submitted is the commune's inbox (nav.ts), former communes' dossiers its unit succeeded included.
      const state = c.req.query("state");
      const list = await listDossiers({ ctx: serviceCtx(c), input: parseInput(ListDossiersQuery, state ? { state } : {}) });
      return c.html(listPage({ ...frame(c), items: list.items }), 200);
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await dossierHtml(c, idParam(c)), 200)))
  .post("/:id{[0-9]+}/self-score", (c) =>
    page(c, async () => {
      const dossierId = idParam(c);
      const values = sheetFromForm(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          await saveSelfScore({ ctx: serviceCtx(c), input: { dossierId, choices: values.choices, notes: Object.fromEntries(Object.entries(values.notes).filter(([, v]) => v.trim())) } });
          return `/dossiers/${dossierId}?done=saved#self-score`;
        },
        (error) => dossierHtml(c, dossierId, { error, values }),
      );
    }),
  )
  .post("/:id{[0-9]+}/evidence", (c) =>
    page(c, async () => {
      const dossierId = idParam(c);
      const body = await c.req.parseBody();
      return formAction(
        c,
        async () => {
          const file = await readMultipartFile(body["file"]);
          if (!file) throw validationError([{ path: "file", vi: "Chọn tệp minh chứng.", en: "Choose an evidence file.", message: "Choose an evidence file." }]);
          const opt = (k: string) => formString(body, k).trim() || undefined;
          const meta = parseInput(EvidenceMetaInput, Object.fromEntries(Object.entries({ kind: opt("kind"), validFrom: opt("validFrom"), validUntil: opt("validUntil") }).filter(([, v]) => v !== undefined)));
          const replaces = opt("replaces");
          await addEvidence({ ctx: serviceCtx(c), input: { dossierId, criterionId: formString(body, "criterionId"), ...meta, replaces: replaces && /^\d{1,9}$/.test(replaces) ? Number(replaces) : undefined, file } });
          return `/dossiers/${dossierId}?done=evidence#documents`;
        },
        (error) => dossierHtml(c, dossierId, { error }),
      );
    }),
  )
  .post("/:id{[0-9]+}/actions", (c) =>
    page(c, async () => {
      const dossierId = idParam(c);
      const body = await c.req.parseBody();
      return formAction(
        c,
        async () => {
          const input = parseInput(DossierActionInput, { action: formString(body, "action"), reason: formString(body, "reason").trim() || undefined });
          await actOnDossier({ ctx: serviceCtx(c), input: { ...input, dossierId } });
          return `/dossiers/${dossierId}?done=${input.action}`;
        },
        (error) => dossierHtml(c, dossierId, { error }),
      );
    }),
  );

// ---- appeals, the office's page (mounted at /appeals) ----

const appealState = (s: string | undefined): AppealState | undefined => ((APPEAL_STATES as readonly string[]).includes(s ?? "") ? (s as AppealState) : undefined);

async function appealsHtml(c: Context<AppEnv>, failed?: AppealFailed): Promise<string> {
  const ctx = serviceCtx(c);
  const state = appealState(c.req.query("state"));
  const items = await listAppeals({ ctx, input: { state } });
  const rounds = await rescoreRoundChoices(ctx.db, unitScopes(ctx.principal, "rounds.manage"));
  return appealsPage({ ...frame(c), items, state, rounds, failed, done: c.req.query("done") });
}

export const appealsPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await appealsHtml(c), 200)))
  .post("/:id{[0-9]+}/decision", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const body = await c.req.parseBody();
      const values = { outcome: formString(body, "outcome"), reason: formString(body, "reason"), remedy: formString(body, "remedy"), roundId: formString(body, "roundId") };
      return formAction(
        c,
        async () => {
          const input = parseInput(AppealDecisionInput, {
            outcome: values.outcome,
            reason: values.reason,
            ...(values.remedy.trim() ? { remedy: values.remedy } : {}),
            ...(values.roundId.trim() ? { roundId: /^\d{1,10}$/.test(values.roundId) ? Number(values.roundId) : values.roundId } : {}),
          });
          await decideAppeal({ ctx: serviceCtx(c), input: { ...input, appealId: id } });
          return `/appeals?done=decided#appeal-${id}`;
        },
        (error) => appealsHtml(c, { id, values, error }),
      );
    }),
  );
