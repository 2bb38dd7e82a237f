import { IDEA_ACTION_LABELS, IDEA_STATE_LABELS, type IdeaAction, type IdeaState } from "../../../domain/idea-workflow.js";
import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { type Bilingual, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { CycleView } from "../../cycles/index.js";
import type { IdeaList, IdeaView, ListIdeasQuery } from "../inputs.js";
import { NOTICES, NextStep, StateBadge, reasonRequired } from "./idea-state.js";

/** The inbox and list: officials select ideas and take one step on all of them; producers see their own. */
export function ideasListPage(
  p: Frame & {
    list: IdeaList;
    query: ListIdeasQuery;
    cycles: CycleView[];
    official: boolean;
    canAuthor: boolean;
    now: Date;
    done?: string | undefined;
    error?: AppError;
    selected?: number[];
    /** What the last bulk step did, to which ideas. */
    sent?: { action: IdeaAction; ideas: IdeaView[] };
  },
): string {
  const L = p.locale;
  const deadlinesOf = new Map(p.cycles.map((c) => [c.id, c.deadlines]));
  const bulkActions: IdeaAction[] = [...new Set(p.list.items.flatMap((i) => i.actions))].filter((a) => a !== "submit" && a !== "resubmit");
  const tab = (waiting: boolean, label: Bilingual) => (
    <a href={`/ideas?waiting=${waiting ? 1 : 0}`} aria-current={!!p.query.waiting === waiting ? "page" : undefined} class={!!p.query.waiting === waiting ? "button" : "button secondary"}>
      {t(L, label)}
    </a>
  );
  const errorFor = (id: number) => {
    const pos = p.selected?.indexOf(id) ?? -1;
    return pos >= 0 ? fieldErr(p.error, `ideaIds.${pos}`) : undefined;
  };
  return renderPage(
    <Layout title={p.official ? { vi: "Ý tưởng sản phẩm", en: "Product ideas" } : { vi: "Ý tưởng sản phẩm của tôi", en: "My product ideas" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      {p.sent ? (
        <div class="notice ok" role="status">
          <p>
            {t(L, {
              vi: `Đã thực hiện “${IDEA_ACTION_LABELS[p.sent.action].vi}” cho ${formatNumber(p.sent.ideas.length)} ý tưởng:`,
              en: `Done “${IDEA_ACTION_LABELS[p.sent.action].en}” for ${formatNumber(p.sent.ideas.length)} ideas:`,
            })}
          </p>
          <ul>
            {p.sent.ideas.map((i) => (
              <li>
                <a href={`/ideas/${i.id}`}>{i.name}</a> <span class="sub">{`${i.producerName} · `}</span>
                <StateBadge state={i.state} locale={L} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Problem error={p.error} locale={L} />
      {p.canAuthor ? (
        <p>
          <a class="button" href="/ideas/new">
            {t(L, { vi: "+ Đăng ký ý tưởng mới", en: "+ Register a new idea" })}
          </a>
        </p>
      ) : null}
      {p.official ? (
        <p class="filters tabs">
          {tab(true, { vi: "Chờ tôi xử lý", en: "Waiting for me" })} {tab(false, { vi: "Tất cả trong địa bàn", en: "All in my area" })}
        </p>
      ) : null}
      <form method="get" action="/ideas" class="filters">
        <input type="hidden" name="waiting" value={p.query.waiting ? "1" : "0"} />
        <label>
          {t(L, { vi: "Chu trình", en: "Cycle" })}
          <select name="cycleId">
            <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
            {p.cycles.map((c) => (
              <option value={String(c.id)} selected={p.query.cycleId === c.id}>
                {String(c.year)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(L, { vi: "Trạng thái", en: "State" })}
          <select name="state">
            <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
            {(Object.keys(IDEA_STATE_LABELS) as IdeaState[]).map((s) => (
              <option value={s} selected={p.query.state === s}>
                {t(L, IDEA_STATE_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(L, { vi: "Tìm", en: "Search" })}
          <input name="q" value={p.query.q ?? ""} maxlength={100} />
        </label>
        <button type="submit" class="secondary">
          {t(L, { vi: "Lọc", en: "Filter" })}
        </button>
      </form>
      <p class="sub">{t(L, { vi: `${formatNumber(p.list.total)} ý tưởng`, en: `${formatNumber(p.list.total)} ideas` })}</p>
      {p.list.items.length === 0 ? (
        <p class="empty">{p.query.waiting ? t(L, { vi: "Không có ý tưởng nào đang chờ bạn.", en: "Nothing is waiting for you." }) : t(L, { vi: "Chưa có ý tưởng nào.", en: "No ideas yet." })}</p>
      ) : (
        <form method="post" action="/ideas/bulk">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {bulkActions.length ? <th>{t(L, { vi: "Chọn", en: "Select" })}</th> : null}
                  <th>{t(L, { vi: "Ý tưởng", en: "Idea" })}</th>
                  <th>{t(L, { vi: "Chủ thể, địa bàn", en: "Producer, area" })}</th>
                  <th>{t(L, { vi: "Trạng thái", en: "State" })}</th>
                  <th>{t(L, { vi: "Bước tiếp theo", en: "Next step" })}</th>
                </tr>
              </thead>
              <tbody>
                {p.list.items.map((i) => {
                  const err = errorFor(i.id);
                  return (
                    <tr>
                      {bulkActions.length ? (
                        <td>
                          {i.actions.some((a) => bulkActions.includes(a)) ? (
                            <input type="checkbox" name="ideaIds" value={String(i.id)} checked={p.selected?.includes(i.id)} aria-label={i.name} />
                          ) : null}
                        </td>
                      ) : null}
                      <td>
                        <a href={`/ideas/${i.id}`}>{i.name}</a>
                        <div class="sub">
                          {i.criteriaSetId === null ? String(i.cycleYear) : `${i.cycleYear} · ${criteriaSetLabel(i.criteriaSetId, L)}`}
                          {i.attempt > 1 ? ` · ${t(L, { vi: `lần ${i.attempt}`, en: `attempt ${i.attempt}` })}` : ""}
                        </div>
                        {err ? <p class="field-error">{L === "vi" ? err.vi : err.en}</p> : null}
                      </td>
                      <td>
                        {i.producerName}
                        <div class="sub">{[i.communeName, i.parentUnitName].filter(Boolean).join(", ")}</div>
                      </td>
                      <td>
                        <StateBadge state={i.state} locale={L} />
                        {i.lastReason && (i.state === "returned" || i.state === "rejected") ? <div class="sub">{i.lastReason}</div> : null}
                      </td>
                      <td>
                        <NextStep idea={i} deadlines={deadlinesOf.get(i.cycleId)} now={p.now} locale={L} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {bulkActions.length ? (
            <fieldset>
              <legend>{t(L, { vi: "Xử lý các ý tưởng đã chọn", en: "Act on the selected ideas" })}</legend>
              <label for="bulk-reason">{t(L, { vi: "Lý do (bắt buộc khi trả lại hoặc không đạt)", en: "Reason (required to return or reject)" })}</label>
              <textarea id="bulk-reason" name="reason" rows={2} maxlength={2000}></textarea>
              <FieldMessage error={p.error} path="reason" locale={L} />
              <p>
                {bulkActions.map((a) => (
                  <button type="submit" name="action" value={a} class={reasonRequired(a) ? "secondary" : undefined}>
                    {t(L, IDEA_ACTION_LABELS[a])}
                  </button>
                ))}
              </p>
            </fieldset>
          ) : null}
        </form>
      )}
    </Layout>,
  );
}
