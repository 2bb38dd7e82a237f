import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../http/env.js";
import { can, unitScopes } from "../../auth/policy.js";
import type { IdeaAction } from "../../domain/idea-workflow.js";
import { AppError, notFound } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { validationError } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, page } from "../../web/page.js";
import { listCycles } from "../cycles/index.js";
import { BulkIdeaActionInput, CreateIdeaInput, IDEA_FORM_FIELD_NAMES, IdeaActionInput, ListIdeasQuery, UpdateIdeaInput } from "./inputs.js";
import { editIdeaPage, ideaPage, ideasListPage, newIdeaPage, type IdeaFormValues } from "./views/idea.js";
import { actOnIdea, actOnIdeas, addIdeaAttachment, createIdea, getIdea, ideaAttachment, listIdeas, removeIdeaAttachment, updateIdea } from "./service.js";
import { getCycleRow } from "../cycles/index.js";

/** Errors the person filling the form can correct are shown beside it; others get the error page. */
const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

function idParam(c: Context<AppEnv>, name = "id"): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "trang", en: "The page" });
  return id;
}

const formValues = (body: Record<string, unknown>): IdeaFormValues => Object.fromEntries(["cycleId", ...IDEA_FORM_FIELD_NAMES].map((f) => [f, formString(body, f)]));

/** Form text to the JSON shape: numbers where the schema wants them (left as text when not numeric, so zod names the field). */
function formInput(v: IdeaFormValues, opts: { partial: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(v)) {
    const s = (raw ?? "").trim();
    if (opts.partial && k === "cycleId") continue;
    if (k === "cycleId" || k === "criteriaSetId") out[k] = s === "" ? undefined : /^\d{1,9}$/.test(s) ? Number(s) : s;
    else out[k] = raw ?? "";
  }
  return out;
}

const isOfficial = (c: Context<AppEnv>) => unitScopes(c.var.auth.principal, "ideas.read").length > 0;
const canAuthorAny = (c: Context<AppEnv>) => (c.var.auth.principal?.grants ?? []).some((g) => g.role === "producer_member");

async function listPage(c: Context<AppEnv>, status: ContentfulStatusCode = 200, extra: { error?: AppError; selected?: number[] } = {}) {
  const ctx = serviceCtx(c);
  const q = c.req.query();
  const official = isOfficial(c);
  // Officials land on what waits for them; producers on all their ideas.
  const waiting = q.waiting === undefined ? official && unitScopes(ctx.principal, "ideas.act").length > 0 : q.waiting === "1" || q.waiting === "true";
  const query = parseInput(ListIdeasQuery, { ...q, waiting: waiting ? "true" : "false", cycleId: q.cycleId || undefined, state: q.state || undefined, q: q.q || undefined });
  const [list, cycles] = await Promise.all([listIdeas({ ctx, input: query }), listCycles({ ctx, input: {} })]);
  return c.html(ideasListPage({ ...frame(c), list, query, cycles, official, canAuthor: canAuthorAny(c), now: ctx.now, done: c.req.query("done"), ...extra }), status);
}

async function detailPage(c: Context<AppEnv>, ideaId: number, status: ContentfulStatusCode = 200, extra: { error?: AppError; actionError?: IdeaAction } = {}) {
  const ctx = serviceCtx(c);
  const idea = await getIdea({ ctx, input: { ideaId } });
  const cycle = await getCycleRow(ctx.db, idea.cycleId);
  const canAuthor = can(ctx.principal, "ideas.author", { producerId: idea.producerId });
  return c.html(ideaPage({ ...frame(c), idea, deadlines: cycle?.deadlines, now: ctx.now, canAuthor, done: c.req.query("done"), ...extra }), status);
}

async function newPage(c: Context<AppEnv>, status: ContentfulStatusCode = 200, extra: { error?: AppError; values?: IdeaFormValues } = {}) {
  const ctx = serviceCtx(c);
  const cycles = await listCycles({ ctx, input: {} });
  return c.html(newIdeaPage({ ...frame(c), cycles, ...extra }), status);
}

export const ideaPages = new Hono<AppEnv>()
  .get("/ideas", (c) => page(c, () => listPage(c)))
  .post("/ideas/bulk", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody({ all: true });
      const raw = body["ideaIds"];
      const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === "string").map(Number);
      try {
        const input = parseInput(BulkIdeaActionInput, { ideaIds: ids, action: formString(body, "action"), reason: formString(body, "reason").trim() || undefined });
        const done = await actOnIdeas({ ctx: serviceCtx(c), input });
        return c.redirect(`/ideas?done=bulk&n=${done.length}`, 303);
      } catch (err) {
        if (isInputError(err)) return listPage(c, err.status, { error: err, selected: ids });
        throw err;
      }
    }),
  )
  .get("/ideas/new", (c) => page(c, () => newPage(c)))
  .post("/ideas/new", (c) =>
    page(c, async () => {
      const values = formValues(await c.req.parseBody());
      try {
        const idea = await createIdea({ ctx: serviceCtx(c), input: parseInput(CreateIdeaInput, formInput(values, { partial: false })) });
        return c.redirect(`/ideas/${idea.id}?done=created`, 303);
      } catch (err) {
        if (isInputError(err)) return newPage(c, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .get("/ideas/:id{[0-9]+}", (c) => page(c, () => detailPage(c, idParam(c))))
  .get("/ideas/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const idea = await getIdea({ ctx: serviceCtx(c), input: { ideaId: idParam(c) } });
      if (!idea.editable) return c.redirect(`/ideas/${idea.id}`, 303);
      return c.html(editIdeaPage({ ...frame(c), idea }), 200);
    }),
  )
  .post("/ideas/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const values = formValues(await c.req.parseBody());
      try {
        await updateIdea({ ctx: serviceCtx(c), input: { ...parseInput(UpdateIdeaInput, formInput(values, { partial: true })), ideaId } });
        return c.redirect(`/ideas/${ideaId}?done=updated`, 303);
      } catch (err) {
        if (isInputError(err)) {
          const idea = await getIdea({ ctx: serviceCtx(c), input: { ideaId } });
          return c.html(editIdeaPage({ ...frame(c), idea, values, error: err }), err.status);
        }
        throw err;
      }
    }),
  )
  .post("/ideas/:id{[0-9]+}/actions", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const body = await c.req.parseBody();
      const action = formString(body, "action") as IdeaAction;
      try {
        const input = parseInput(IdeaActionInput, { action, reason: formString(body, "reason").trim() || undefined });
        await actOnIdea({ ctx: serviceCtx(c), input: { ...input, ideaId } });
        return c.redirect(`/ideas/${ideaId}?done=${input.action}`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, ideaId, err.status, { error: err, actionError: action });
        throw err;
      }
    }),
  )
  .post("/ideas/:id{[0-9]+}/attachments", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const file = await readMultipartFile((await c.req.parseBody())["file"]);
      try {
        if (!file) throw validationError([{ path: "file", vi: "Chọn tệp để đính kèm.", en: "Choose a file to attach.", message: "Choose a file to attach." }]);
        await addIdeaAttachment({ ctx: serviceCtx(c), input: { ideaId, file } });
        return c.redirect(`/ideas/${ideaId}?done=attached#attachments`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, ideaId, err.status, { error: err });
        throw err;
      }
    }),
  )
  .get("/ideas/:id{[0-9]+}/attachments/:fileId{[0-9]+}", (c) =>
    page(c, async () => {
      const f = await ideaAttachment({ ctx: serviceCtx(c), input: { ideaId: idParam(c), fileId: idParam(c, "fileId") } });
      return new Response(new Uint8Array(f.bytes).buffer as ArrayBuffer, {
        headers: {
          "content-type": f.contentType,
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
        },
      });
    }),
  )
  .post("/ideas/:id{[0-9]+}/attachments/:fileId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      await removeIdeaAttachment({ ctx: serviceCtx(c), input: { ideaId, fileId: idParam(c, "fileId") } });
      return c.redirect(`/ideas/${ideaId}?done=detached#attachments`, 303);
    }),
  );
