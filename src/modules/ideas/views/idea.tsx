import type { Principal } from "../../../auth/types.js";
import { DEADLINE_LABELS, isLate, type CycleDeadlines, type DeadlineKey } from "../../../domain/cycle-deadlines.js";
import { IDEA_ACTION_LABELS, IDEA_STATE_LABELS, IDEA_TRANSITIONS, type IdeaAction, type IdeaState } from "../../../domain/idea-workflow.js";
import { whoActsNextOnIdea, type Level } from "../../../domain/level-chain.js";
import { CRITERIA_SETS, PRODUCT_KINDS, PRODUCT_KIND_LABELS, criteriaSetLabel } from "../../../domain/product-categories.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { Layout, renderPage, t } from "../../../web/layout.js";
import { WorkflowHistory } from "../../../web/workflow-history.js";
import type { CycleView } from "../../cycles/index.js";
import type { IdeaDetail, IdeaFormField, IdeaList, IdeaView, ListIdeasQuery } from "../inputs.js";

type Frame = { locale: Locale; principal: Principal; csrfToken: string; path: string };

export type IdeaFormValues = Partial<Record<IdeaFormField | "cycleId", string>>;

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lưu ý tưởng ở dạng nháp. Khi đã đủ thông tin, hãy bấm “Gửi đăng ký”.", en: "Idea saved as a draft. When it is complete, press “Submit the registration”." },
  updated: { vi: "Đã lưu phiếu đăng ký.", en: "Registration form saved." },
  attached: { vi: "Đã đính kèm tệp.", en: "File attached." },
  detached: { vi: "Đã gỡ tệp đính kèm.", en: "Attachment removed." },
  bulk: { vi: "Đã xử lý danh sách ý tưởng đã chọn.", en: "The selected ideas were processed." },
  ...Object.fromEntries(Object.entries(IDEA_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

const LEVEL_LABELS: Record<Level, Bilingual> = {
  producer: { vi: "Chủ thể", en: "Producer" },
  commune: { vi: "Cấp xã", en: "Commune" },
  district: { vi: "Cấp huyện", en: "District" },
  province: { vi: "Cấp tỉnh", en: "Province" },
};

/** The deadline an idea in `state` is waiting against (the next step's), if any. */
const WAITING_DEADLINE: Partial<Record<IdeaState, DeadlineKey>> = { draft: "registration", submitted: "communeList", commune_forwarded: "districtList", district_selected: "appraisal" };

const STATE_BADGE: Record<IdeaState, string> = {
  draft: "badge",
  submitted: "badge badge-info",
  commune_forwarded: "badge badge-info",
  district_selected: "badge badge-info",
  approved: "badge badge-ok",
  returned: "badge badge-warn",
  rejected: "badge badge-bad",
};

const reasonRequired = (a: IdeaAction) => IDEA_TRANSITIONS.some((d) => d.action === a && d.reasonRequired);

export const FIELD_LABELS: Record<IdeaFormField, { label: Bilingual; help?: Bilingual; long?: boolean }> = {
  name: { label: { vi: "Tên sản phẩm dự kiến", en: "Product name" } },
  criteriaSetId: { label: { vi: "Nhóm, phân nhóm sản phẩm (Phụ lục I)", en: "Product group and subgroup (Annex I)" } },
  description: { label: { vi: "Mô tả sản phẩm", en: "Description" }, help: { vi: "Sản phẩm là gì, làm thế nào, khác gì sản phẩm cùng loại.", en: "What it is, how it is made, how it differs." }, long: true },
  coreBenefit: { label: { vi: "Lợi ích cốt lõi cho khách hàng", en: "Core benefit for the customer" }, long: true },
  rawMaterials: { label: { vi: "Nguyên liệu chính", en: "Main raw materials" }, long: true },
  rawMaterialOrigin: { label: { vi: "Nguồn gốc nguyên liệu", en: "Origin of the raw materials" }, help: { vi: "Vùng trồng, hộ liên kết, tỷ lệ nguyên liệu tại địa phương.", en: "Growing area, partner households, share sourced locally." }, long: true },
  packaging: { label: { vi: "Bao bì, đóng gói", en: "Packaging" }, long: true },
  expectedMarket: { label: { vi: "Thị trường dự kiến", en: "Expected market" }, long: true },
};

export function formValuesOf(i: IdeaView): IdeaFormValues {
  return {
    cycleId: String(i.cycleId),
    name: i.name,
    description: i.description,
    coreBenefit: i.coreBenefit,
    rawMaterials: i.rawMaterials,
    rawMaterialOrigin: i.rawMaterialOrigin,
    packaging: i.packaging,
    expectedMarket: i.expectedMarket,
    criteriaSetId: String(i.criteriaSetId),
  };
}

function StateBadge({ state, locale: L }: { state: IdeaState; locale: Locale }) {
  return <span class={STATE_BADGE[state]}>{t(L, IDEA_STATE_LABELS[state])}</span>;
}

function IdeaForm(p: { locale: Locale; csrfToken: string; action: string; submit: Bilingual; cycles: CycleView[] | null; values: IdeaFormValues; error: AppError | undefined }) {
  const L = p.locale;
  const v = p.values;
  const invalid = (path: string) => (fieldErr(p.error, path) ? "true" : undefined);
  return (
    <form method="post" action={p.action}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {p.cycles ? (
        <>
          <label for="cycleId">{t(L, { vi: "Chu trình (năm)", en: "Cycle (year)" })}</label>
          <select id="cycleId" name="cycleId" required aria-invalid={invalid("cycleId")}>
            {p.cycles.map((c) => (
              <option value={String(c.id)} selected={v.cycleId === String(c.id)}>
                {`${c.year} — ${c.provinceName} (${t(L, { vi: "hạn đăng ký", en: "registration by" })} ${formatDate(c.deadlines.registration)})`}
              </option>
            ))}
          </select>
          <FieldMessage error={p.error} path="cycleId" locale={L} />
        </>
      ) : null}
      {(Object.keys(FIELD_LABELS) as IdeaFormField[]).map((f) => {
        const d = FIELD_LABELS[f];
        if (f === "criteriaSetId") {
          return (
            <>
              <label for={f}>{t(L, d.label)}</label>
              <select id={f} name={f} required aria-invalid={invalid(f)}>
                <option value="">{t(L, { vi: "— chọn —", en: "— choose —" })}</option>
                {PRODUCT_KINDS.map((k) => (
                  <optgroup label={t(L, PRODUCT_KIND_LABELS[k])}>
                    {CRITERIA_SETS.filter((s) => s.kind === k).map((s) => (
                      <option value={String(s.id)} selected={v.criteriaSetId === String(s.id)}>
                        {`${s.id}. ${criteriaSetLabel(s.id, L)}`}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldMessage error={p.error} path={f} locale={L} />
            </>
          );
        }
        return (
          <>
            <label for={f}>{t(L, d.label)}</label>
            {d.help ? <p class="sub">{t(L, d.help)}</p> : null}
            {d.long ? (
              <textarea id={f} name={f} rows={3} required aria-invalid={invalid(f)}>
                {v[f] ?? ""}
              </textarea>
            ) : (
              <input id={f} name={f} value={v[f] ?? ""} required maxlength={300} aria-invalid={invalid(f)} />
            )}
            <FieldMessage error={p.error} path={f} locale={L} />
          </>
        );
      })}
      <button type="submit">{t(L, p.submit)}</button>
    </form>
  );
}

export function newIdeaPage(p: Frame & { cycles: CycleView[]; values?: IdeaFormValues; error?: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Đăng ký ý tưởng sản phẩm", en: "Register a product idea" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="lead">{t(L, { vi: "Phiếu đăng ký ý tưởng sản phẩm. Ý tưởng được lưu nháp; bạn gửi cho xã khi đã sẵn sàng.", en: "The product idea registration form. It is saved as a draft; you send it to the commune when ready." })}</p>
      <Problem error={p.error} locale={L} />
      {p.cycles.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có chu trình nào được mở cho tỉnh của bạn.", en: "No cycle is open for your province yet." })}</p>
      ) : (
        <IdeaForm locale={L} csrfToken={p.csrfToken} action="/ideas/new" submit={{ vi: "Lưu nháp", en: "Save draft" }} cycles={p.cycles} values={p.values ?? { cycleId: String(p.cycles[0]!.id) }} error={p.error} />
      )}
    </Layout>,
  );
}

export function editIdeaPage(p: Frame & { idea: IdeaView; values?: IdeaFormValues; error?: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: `Sửa ý tưởng: ${p.idea.name}`, en: `Edit idea: ${p.idea.name}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/ideas/${p.idea.id}`}>{t(L, { vi: "← Về ý tưởng", en: "← Back to the idea" })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      <IdeaForm locale={L} csrfToken={p.csrfToken} action={`/ideas/${p.idea.id}/edit`} submit={{ vi: "Lưu", en: "Save" }} cycles={null} values={p.values ?? formValuesOf(p.idea)} error={p.error} />
    </Layout>,
  );
}

function NextStep({ idea, deadlines, now, locale: L }: { idea: IdeaView; deadlines: CycleDeadlines | undefined; now: Date; locale: Locale }) {
  const who = whoActsNextOnIdea(idea.state, idea.chain);
  if (!who) return <span class="sub">—</span>;
  const key = WAITING_DEADLINE[idea.state];
  const date = key && deadlines ? deadlines[key] : undefined;
  return (
    <>
      {t(L, LEVEL_LABELS[who])}
      {date ? (
        <span class={isLate(date, now) ? "badge badge-bad" : "sub"}>
          {" "}
          {t(L, { vi: `hạn ${formatDate(date)}`, en: `by ${formatDate(date)}` })}
          {isLate(date, now) ? ` — ${t(L, { vi: "quá hạn", en: "late" })}` : ""}
        </span>
      ) : null}
    </>
  );
}

/** The inbox and list: officials select ideas and take one step on all of them; producers see their own. */
export function ideasListPage(
  p: Frame & { list: IdeaList; query: ListIdeasQuery; cycles: CycleView[]; official: boolean; canAuthor: boolean; now: Date; done?: string | undefined; error?: AppError; selected?: number[] },
): string {
  const L = p.locale;
  const deadlinesOf = new Map(p.cycles.map((c) => [c.id, c.deadlines]));
  const bulkActions: IdeaAction[] = [...new Set(p.list.items.flatMap((i) => i.actions))].filter((a) => a !== "submit" && a !== "resubmit");
  const tab = (waiting: boolean, label: Bilingual) => (
    <a href={`/ideas?waiting=${waiting ? 1 : 0}`} aria-current={!!p.query.waiting === waiting ? "page" : undefined} class="button secondary">
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
      <Problem error={p.error} locale={L} />
      {p.canAuthor ? (
        <p>
          <a class="button" href="/ideas/new">
            {t(L, { vi: "+ Đăng ký ý tưởng mới", en: "+ Register a new idea" })}
          </a>
        </p>
      ) : null}
      {p.official ? (
        <p class="filters">
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
                          {`${i.cycleYear} · ${criteriaSetLabel(i.criteriaSetId, L)}`}
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

function Field({ label, children }: { label: Bilingual & { L: Locale }; children: unknown }) {
  return (
    <>
      <dt>{t(label.L, label)}</dt>
      <dd>{children as never}</dd>
    </>
  );
}

export function ideaPage(p: Frame & { idea: IdeaDetail; deadlines: CycleDeadlines | undefined; now: Date; canAuthor: boolean; done?: string | undefined; error?: AppError; actionError?: IdeaAction }): string {
  const L = p.locale;
  const i = p.idea;
  const lbl = (vi: string, en: string) => ({ vi, en, L });
  return renderPage(
    <Layout title={{ vi: i.name, en: i.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/ideas">{t(L, { vi: "← Danh sách ý tưởng", en: "← All ideas" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <StateBadge state={i.state} locale={L} /> {i.attempt > 1 ? <span class="sub">{t(L, { vi: `Lần gửi thứ ${i.attempt}`, en: `Attempt ${i.attempt}` })}</span> : null}
      </p>
      {i.lastReason && (i.state === "returned" || i.state === "rejected") ? (
        <div class="notice warn" role="status">
          <p>
            <strong>{t(L, { vi: "Lý do:", en: "Reason:" })}</strong> {i.lastReason}
          </p>
          {i.editable ? <p>{t(L, { vi: "Hãy sửa phiếu đăng ký theo góp ý rồi gửi lại.", en: "Revise the form as advised, then resubmit." })}</p> : null}
        </div>
      ) : null}
      <p>
        {t(L, { vi: "Bước tiếp theo", en: "Next step" })}: <NextStep idea={i} deadlines={p.deadlines} now={p.now} locale={L} />
      </p>
      <Problem error={p.error} locale={L} />
      {i.actions.length ? (
        <section class="card">
          <h2>{t(L, { vi: "Xử lý", en: "Act" })}</h2>
          {i.actions.map((a) => (
            <form method="post" action={`/ideas/${i.id}/actions`}>
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <input type="hidden" name="action" value={a} />
              {reasonRequired(a) ? (
                <>
                  <label for={`reason-${a}`}>{t(L, { vi: "Lý do", en: "Reason" })}</label>
                  <textarea id={`reason-${a}`} name="reason" rows={2} required maxlength={2000}></textarea>
                  {p.actionError === a ? <FieldMessage error={p.error} path="reason" locale={L} /> : null}
                </>
              ) : null}
              <button type="submit" class={reasonRequired(a) ? "secondary" : undefined}>
                {t(L, IDEA_ACTION_LABELS[a])}
              </button>
            </form>
          ))}
        </section>
      ) : null}
      {i.editable ? (
        <p>
          <a class="button secondary" href={`/ideas/${i.id}/edit`}>
            {t(L, { vi: "Sửa phiếu đăng ký", en: "Edit the form" })}
          </a>
        </p>
      ) : null}
      {i.planId !== null ? (
        <p>
          <a class="button" href={`/plans/${i.planId}`}>
            {t(L, { vi: "Xem phương án sản xuất kinh doanh", en: "See the business plan" })}
          </a>
        </p>
      ) : i.state === "approved" && p.canAuthor ? (
        <p>
          <a class="button" href={`/ideas/${i.id}/plan/new`}>
            {t(L, { vi: "Lập phương án sản xuất kinh doanh", en: "Write the business plan" })}
          </a>
        </p>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Phiếu đăng ký", en: "Registration form" })}</h2>
        <dl>
          <Field label={lbl("Chủ thể", "Producer")}>{i.producerName}</Field>
          <Field label={lbl("Địa bàn", "Area")}>{[i.communeName, i.parentUnitName].filter(Boolean).join(", ")}</Field>
          <Field label={lbl("Chu trình", "Cycle")}>{`${i.cycleYear} · ${i.chain === "commune-province" ? t(L, { vi: "xã → tỉnh", en: "commune → province" }) : t(L, { vi: "xã → huyện → tỉnh", en: "commune → district → province" })}`}</Field>
          {(Object.keys(FIELD_LABELS) as IdeaFormField[]).map((f) => (
            <Field label={{ ...FIELD_LABELS[f].label, L }}>{f === "criteriaSetId" ? `${i.criteriaSetId}. ${criteriaSetLabel(i.criteriaSetId, L)}` : String(i[f])}</Field>
          ))}
        </dl>
      </section>
      <section class="card" id="attachments">
        <h2>{t(L, { vi: "Tệp đính kèm", en: "Attachments" })}</h2>
        {i.attachments.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có tệp nào.", en: "No files yet." })}</p> : null}
        <ul>
          {i.attachments.map((a) => (
            <li>
              <a href={`/ideas/${i.id}/attachments/${a.fileId}`}>{a.name}</a> <span class="sub">{`${formatNumber(Math.ceil(a.size / 1024))} KB`}</span>
              {i.editable ? (
                <form method="post" action={`/ideas/${i.id}/attachments/${a.fileId}/remove`} class="inline">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="secondary">
                    {t(L, { vi: "Gỡ", en: "Remove" })}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {i.editable ? (
          <form method="post" action={`/ideas/${i.id}/attachments`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="file">{t(L, { vi: "Thêm tệp (ảnh JPEG, PNG, WebP hoặc PDF, tối đa 8 MB)", en: "Add a file (JPEG, PNG, WebP image or PDF, up to 8 MB)" })}</label>
            <input id="file" type="file" name="file" accept="image/jpeg,image/png,image/webp,application/pdf" required />
            <FieldMessage error={p.error} path="file" locale={L} />
            <button type="submit" class="secondary">
              {t(L, { vi: "Tải lên", en: "Upload" })}
            </button>
          </form>
        ) : null}
      </section>
      <WorkflowHistory events={i.events} locale={L} label={(k) => (k === "create" ? { vi: "Tạo phiếu", en: "Created" } : (IDEA_ACTION_LABELS[k as IdeaAction] ?? { vi: k, en: k }))} />
      {p.deadlines ? (
        <section class="card">
          <h2>{t(L, { vi: "Các hạn của chu trình", en: "The cycle's deadlines" })}</h2>
          <ul>
            {(Object.keys(DEADLINE_LABELS) as DeadlineKey[])
              .filter((k) => p.deadlines![k])
              .map((k) => (
                <li>{`${t(L, DEADLINE_LABELS[k])}: ${formatDate(p.deadlines![k]!)}`}</li>
              ))}
          </ul>
        </section>
      ) : null}
    </Layout>,
  );
}
