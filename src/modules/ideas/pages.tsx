import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { can, unitScopes } from "../../auth/policy.js";
import type { IdeaAction } from "../../domain/idea-workflow.js";
import { type AppError, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { getCycleRow, listCycles } from "../cycles/index.js";
import { type IdeaDetail, type IdeaView, BulkIdeaActionInput, DraftIdeaInput, DraftIdeaUpdateInput, IDEA_FORM_FIELD_NAMES, IdeaActionInput, ListIdeasQuery } from "./inputs.js";
import { getIdea, ideaAttachment, listIdeas } from "./queries.js";
import { actOnIdea, actOnIdeas, addIdeaAttachment, createIdea, missingIdeaFields, removeIdeaAttachment, updateIdea } from "./service.js";
import { isLate } from "../../domain/cycle-deadlines.js";
import { editIdeaPage, newIdeaPage, type IdeaFormValues } from "./views/idea-form.js";
import { ideasListPage } from "./views/idea-list.js";
import { ideaPage } from "./views/idea.js";

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

async function listHtml(c: Context<AppEnv>, extra: { error?: AppError; selected?: number[] } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const q = c.req.query();
  const official = isOfficial(c);
  // Officials land on what waits for them; producers on all their ideas.
  const waiting = q.waiting === undefined ? official && unitScopes(ctx.principal, "ideas.act").length > 0 : q.waiting === "1" || q.waiting === "true";
  const query = parseInput(ListIdeasQuery, { ...q, waiting: waiting ? "true" : "false", cycleId: q.cycleId || undefined, state: q.state || undefined, q: q.q || undefined });
  const [list, cycles, sent] = await Promise.all([listIdeas({ ctx, input: query }), listCycles({ ctx, input: {} }), sentIdeas(c)]);
  return ideasListPage({ ...frame(c), list, query, cycles, official, canAuthor: canAuthorAny(c), now: ctx.now, done: sent ? undefined : c.req.query("done"), ...(sent ? { sent } : {}), ...extra });
}

/** After a bulk step (`?done=bulk&action=…&sent=1,2,3`): the ideas it moved, as the caller may read them now. */
async function sentIdeas(c: Context<AppEnv>): Promise<{ action: IdeaAction; ideas: IdeaView[] } | undefined> {
  if (c.req.query("done") !== "bulk") return undefined;
  const action = IdeaActionInput.shape.action.safeParse(c.req.query("action"));
  const ids = (c.req.query("sent") ?? "").split(",").filter((x) => /^\d{1,9}$/.test(x)).map(Number).slice(0, 500);
  if (!action.success || ids.length === 0) return undefined;
  const ctx = serviceCtx(c);
  const ideas = await Promise.all(ids.map((ideaId) => getIdea({ ctx, input: { ideaId } }).catch(() => undefined)));
  return { action: action.data, ideas: ideas.filter((i): i is IdeaDetail => i !== undefined) };
}

async function detailHtml(c: Context<AppEnv>, ideaId: number, extra: { error?: AppError; actionError?: IdeaAction } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  const idea = await getIdea({ ctx, input: { ideaId } });
  const cycle = await getCycleRow(ctx.db, idea.cycleId);
  const canAuthor = can(ctx.principal, "ideas.author", { producerId: idea.producerId });
  const missing = idea.editable ? missingIdeaFields(idea).map((e) => e.path) : [];
  return ideaPage({ ...frame(c), idea, deadlines: cycle?.deadlines, now: ctx.now, canAuthor, missing, done: c.req.query("done"), ...extra });
}

async function newHtml(c: Context<AppEnv>, extra: { error?: AppError; values?: IdeaFormValues } = {}): Promise<string> {
  const ctx = serviceCtx(c);
  // Only cycles still taking registrations: an idea in a closed cycle could never be sent.
  const cycles = (await listCycles({ ctx, input: {} })).filter((cy) => !isLate(cy.deadlines.registration, ctx.now));
  return newIdeaPage({ ...frame(c), cycles, ...extra });
}

/** Mounted at /ideas. */
export const pages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await listHtml(c))))
  .post("/bulk", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody({ all: true });
      const raw = body["ideaIds"];
      const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === "string").map(Number);
      return formAction(
        c,
        async () => {
          const input = parseInput(BulkIdeaActionInput, { ideaIds: ids, action: formString(body, "action"), reason: formString(body, "reason").trim() || undefined });
          const done = await actOnIdeas({ ctx: serviceCtx(c), input });
          // The page after says what was done to which ideas, with links: they leave the inbox once sent.
          return `/ideas?done=bulk&action=${input.action}&sent=${done.map((i) => i.id).join(",")}`;
        },
        (error) => listHtml(c, { error, selected: ids }),
      );
    }),
  )
  .get("/new", (c) => page(c, async () => c.html(await newHtml(c))))
  .post("/new", (c) =>
    page(c, async () => {
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          const idea = await createIdea({ ctx: serviceCtx(c), input: parseInput(DraftIdeaInput, formInput(values, { partial: false })) });
          return `/ideas/${idea.id}?done=created`;
        },
        (error) => newHtml(c, { error, values }),
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await detailHtml(c, idParam(c)))))
  .get("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const idea = await getIdea({ ctx: serviceCtx(c), input: { ideaId: idParam(c) } });
      if (!idea.editable) return c.redirect(`/ideas/${idea.id}`, 303);
      return c.html(editIdeaPage({ ...frame(c), idea }), 200);
    }),
  )
  .post("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const values = formValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          await updateIdea({ ctx: serviceCtx(c), input: { ...parseInput(DraftIdeaUpdateInput, formInput(values, { partial: true })), ideaId } });
          return `/ideas/${ideaId}?done=updated`;
        },
        async (error) => editIdeaPage({ ...frame(c), idea: await getIdea({ ctx: serviceCtx(c), input: { ideaId } }), values, error }),
      );
    }),
  )
  .post("/:id{[0-9]+}/actions", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const body = await c.req.parseBody();
      const action = formString(body, "action") as IdeaAction;
      return formAction(
        c,
        async () => {
          const input = parseInput(IdeaActionInput, { action, reason: formString(body, "reason").trim() || undefined });
          await actOnIdea({ ctx: serviceCtx(c), input: { ...input, ideaId } });
          return `/ideas/${ideaId}?done=${input.action}`;
        },
        (error) => detailHtml(c, ideaId, { error, actionError: action }),
      );
    }),
  )
  .post("/:id{[0-9]+}/attachments", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      const file = await readMultipartFile((await c.req.parseBody())["file"]);
      return formAction(
        c,
        async () => {
          if (!file) throw validationError([{ path: "file", vi: "Chọn tệp để đính kèm.", en: "Choose a file to attach.", message: "Choose a file to attach." }]);
          await addIdeaAttachment({ ctx: serviceCtx(c), input: { ideaId, file } });
          return `/ideas/${ideaId}?done=attached#attachments`;
        },
        (error) => detailHtml(c, ideaId, { error }),
      );
    }),
  )
  .get("/:id{[0-9]+}/attachments/:fileId{[0-9]+}", (c) =>
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
  .post("/:id{[0-9]+}/attachments/:fileId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const ideaId = idParam(c);
      await removeIdeaAttachment({ ctx: serviceCtx(c), input: { ideaId, fileId: idParam(c, "fileId") } });
      return c.redirect(`/ideas/${ideaId}?done=detached#attachments`, 303);
    }),
  );
