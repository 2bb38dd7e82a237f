import { INDICATOR_RULES, RULE_LABELS, RULE_UNIT } from "../../../domain/programme-indicators.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, ListTable } from "../../../web/list-kit.js";
import type { IndicatorView, PlanView, ProgressView, RecordsView } from "../inputs.js";

/*
 * The programme's plan pages: the list of years' plans with the form for a new one, a plan's progress (each
 * indicator's target and figure for the province, then per commune, every figure a link to its records), and
 * the records behind a figure. Plain forms, no JavaScript.
 */

export type Values = Record<string, string>;
type Figure = ProgressView["indicators"][number]["province"];

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lập kế hoạch.", en: "The plan is entered." },
  saved: { vi: "Đã lưu.", en: "Saved." },
  added: { vi: "Đã thêm chỉ tiêu.", en: "The indicator is added." },
  removed: { vi: "Đã bỏ chỉ tiêu.", en: "The indicator is removed." },
};

export function targetText(L: Locale, i: Pick<IndicatorView, "unit" | "targetMin" | "targetMax">): string {
  if (i.targetMin === null) return t(L, { vi: "Theo dõi", en: "Followed" });
  if (i.unit === "percent") return `${formatNumber(i.targetMin)}%`;
  if (i.targetMax !== null && i.targetMax !== i.targetMin) return `${formatNumber(i.targetMin)}–${formatNumber(i.targetMax)}`;
  return t(L, { vi: `≥ ${formatNumber(i.targetMin)}`, en: `≥ ${formatNumber(i.targetMin)}` });
}

export function figureText(L: Locale, unit: "count" | "percent", f: Figure): string {
  if (unit === "count") return formatNumber(f.counted);
  if (f.value === null) return t(L, { vi: "— (chưa có ai trong diện)", en: "— (nobody to count)" });
  return `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(f.value)}% (${formatNumber(f.counted)}/${formatNumber(f.population ?? 0)})`;
}

function Met({ met, locale: L }: { met: boolean | null; locale: Locale }) {
  if (met === null) return <Badge tone="muted" label={{ vi: "Chưa đánh giá", en: "Not assessed" }} locale={L} />;
  return met ? <Badge tone="ok" label={{ vi: "Đạt", en: "Met" }} locale={L} /> : <Badge tone="warn" label={{ vi: "Chưa đạt", en: "Not yet" }} locale={L} />;
}

const paramsText = (L: Locale, i: IndicatorView) =>
  [
    i.params.minStars !== undefined ? t(L, { vi: `từ ${i.params.minStars}★`, en: `from ${i.params.minStars}★` }) + (i.params.maxStars !== undefined ? t(L, { vi: ` đến ${i.params.maxStars}★`, en: ` to ${i.params.maxStars}★` }) : t(L, { vi: " trở lên", en: " up" })) : "",
    i.params.baseYear !== undefined ? t(L, { vi: `năm gốc ${i.params.baseYear}`, en: `base year ${i.params.baseYear}` }) : "",
  ]
    .filter(Boolean)
    .join(", ");

function Input({ name, label, values, error, locale: L, type = "text", ...rest }: { name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

export function plansPage(p: Frame & { plans: PlanView[]; canCreate: boolean; values: Values; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const columns: Column<PlanView>[] = [
    { label: { vi: "Năm", en: "Year" }, cell: (r) => <a href={`/programme/plans/${r.id}`}>{String(r.year)}</a> },
    { label: { vi: "Kế hoạch", en: "Plan" }, cell: (r) => `${r.number} · ${r.title}` },
    { label: { vi: "Ngày ban hành", en: "Issued" }, cell: (r) => formatDate(r.issuedOn) },
    { label: { vi: "Đơn vị", en: "Unit" }, cell: (r) => r.unitName },
    { label: { vi: "Chỉ tiêu", en: "Indicators" }, num: true, cell: (r) => formatNumber(r.indicators.length) },
  ];
  return renderPage(
    <Layout title={{ vi: "Kế hoạch và chỉ tiêu OCOP năm", en: "The year's OCOP plan and targets" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <a href="/programme/events">{t(L, { vi: "Tập huấn, hội chợ, xúc tiến thương mại", en: "Training, fairs and trade promotion" })}</a>
      </p>
      <ListTable columns={columns} rows={p.plans} locale={L} empty={{ vi: "Chưa có kế hoạch OCOP năm nào.", en: "No year's OCOP plan yet." }} />
      {p.canCreate ? (
        <form method="post" action="/programme/plans" class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Lập kế hoạch OCOP năm", en: "Enter a year's OCOP plan" })}</h2>
          <Problem error={p.error} locale={L} beside={["year", "number", "issuedOn", "title"]} />
          <Input name="year" label={{ vi: "Năm", en: "Year" }} values={p.values} error={p.error} locale={L} inputmode="numeric" required />
          <Input name="number" label={{ vi: "Số kế hoạch", en: "Number" }} values={p.values} error={p.error} locale={L} required maxlength={100} placeholder="125/KH-UBND" />
          <Input name="issuedOn" label={{ vi: "Ngày ban hành", en: "Date issued" }} values={p.values} error={p.error} locale={L} type="date" required />
          <Input name="title" label={{ vi: "Tên kế hoạch", en: "Title" }} values={p.values} error={p.error} locale={L} required maxlength={500} />
          <label class="check">
            <input type="checkbox" name="seedTargets" value="1" checked={p.values["seedTargets"] === "1"} />{" "}
            {t(L, { vi: "Điền sẵn các chỉ tiêu theo mẫu Kế hoạch năm 2020 (có thể sửa sau)", en: "Fill in the indicators of the 2020 plan's model (editable later)" })}
          </label>
          <button type="submit">{t(L, { vi: "Lập kế hoạch", en: "Enter the plan" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

export function planPage(p: Frame & { progress: ProgressView; plan: PlanView; values: Values; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const pr = p.progress;
  const base = `/programme/plans/${pr.plan.id}`;
  return renderPage(
    <Layout title={{ vi: `Kế hoạch OCOP năm ${pr.plan.year}`, en: `OCOP plan ${pr.plan.year}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p class="sub">{`${pr.plan.number} · ${formatDate(pr.plan.issuedOn)} · ${pr.plan.unitName}`}</p>
      <p class="lead">{pr.plan.title}</p>
      <p>
        {t(L, {
          vi: `Số liệu tính trực tiếp từ sổ đăng ký, từ 01/01/${pr.plan.year} đến hết ngày ${formatDate(pr.asOf)} (giờ Việt Nam).`,
          en: `Figures measured live from the registry, from 1 January ${pr.plan.year} through ${formatDate(pr.asOf)} (Vietnam time).`,
        })}
        {pr.wholeProvince ? "" : t(L, { vi: " Bạn xem số liệu của toàn tỉnh và của xã mình.", en: " You see the province's figures and your own communes'." })}
      </p>
      <section class="card">
        <h2>{t(L, { vi: "Tiến độ các chỉ tiêu", en: "Progress of the targets" })}</h2>
        <ListTable
          locale={L}
          rows={pr.indicators}
          empty={{ vi: "Kế hoạch chưa có chỉ tiêu.", en: "The plan has no indicator yet." }}
          columns={[
            { label: { vi: "Chỉ tiêu", en: "Indicator" }, cell: (i) => (<><strong>{i.label}</strong><br /><span class="sub">{t(L, i.ruleLabel)}{paramsText(L, i) ? ` (${paramsText(L, i)})` : ""}</span></>) },
            { label: { vi: "Mục tiêu", en: "Target" }, num: true, cell: (i) => targetText(L, i) },
            { label: { vi: "Thực hiện", en: "Achieved" }, num: true, cell: (i) => <a href={`${base}/indicators/${i.id}`}>{figureText(L, i.unit, i.province)}</a> },
            { label: { vi: "Đánh giá", en: "Status" }, cell: (i) => <Met met={i.province.met} locale={L} /> },
          ]}
        />
      </section>
      {pr.indicators.map((i) => (
        <details class="card">
          <summary>{t(L, { vi: `Theo xã: ${i.label}`, en: `Per commune: ${i.label}` })}</summary>
          <ListTable
            locale={L}
            rows={i.communes}
            empty={{ vi: "Chưa có bản ghi nào.", en: "No record yet." }}
            columns={[
              { label: { vi: "Xã, phường", en: "Commune" }, cell: (c) => c.communeName },
              { label: { vi: "Thực hiện", en: "Achieved" }, num: true, cell: (c) => <a href={`${base}/indicators/${i.id}?communeId=${c.communeId ?? "none"}`}>{figureText(L, i.unit, c)}</a> },
            ]}
          />
        </details>
      ))}
      {p.plan.canManage ? <ManageIndicators plan={p.plan} values={p.values} error={p.error} frame={p} /> : null}
    </Layout>,
  );
}

function ManageIndicators({ plan, values: v, error, frame: p }: { plan: PlanView; values: Values; error: AppError | undefined; frame: Frame }) {
  const L = p.locale;
  return (
    <>
      <section class="card">
        <h2>{t(L, { vi: "Sửa chỉ tiêu", en: "Edit the indicators" })}</h2>
        <ul>
          {plan.indicators.map((i) => (
            <li>
              {`${i.position}. ${i.label} — ${targetText(L, i)} `}
              <form method="post" action={`/programme/plans/${plan.id}/indicators/${i.id}/remove`} class="inline">
                <input type="hidden" name="_csrf" value={p.csrfToken} />
                <button type="submit" class="secondary">{t(L, { vi: "Bỏ", en: "Remove" })}</button>
              </form>
            </li>
          ))}
        </ul>
      </section>
      <form method="post" action={`/programme/plans/${plan.id}/indicators`} class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <h2>{t(L, { vi: "Thêm chỉ tiêu", en: "Add an indicator" })}</h2>
        <Problem error={error} locale={L} />
        <Input name="label" label={{ vi: "Nội dung chỉ tiêu (như trong kế hoạch)", en: "Wording (as in the plan)" }} values={v} error={error} locale={L} required maxlength={500} />
        <label for="rule">{t(L, { vi: "Cách đo từ sổ đăng ký", en: "How the registry measures it" })}</label>
        <select id="rule" name="rule">
          {INDICATOR_RULES.map((r) => (
            <option value={r} selected={v["rule"] === r}>
              {`${t(L, RULE_LABELS[r])}${RULE_UNIT[r] === "percent" ? " (%)" : ""}`}
            </option>
          ))}
        </select>
        <FieldMessage error={error} path="rule" locale={L} />
        <Input name="params.minStars" label={{ vi: "Từ hạng sao (chỉ tiêu sản phẩm được công nhận)", en: "From stars (products certified)" }} values={v} error={error} locale={L} inputmode="numeric" />
        <Input name="params.maxStars" label={{ vi: "Đến hạng sao (không bắt buộc)", en: "Up to stars (optional)" }} values={v} error={error} locale={L} inputmode="numeric" />
        <Input name="params.baseYear" label={{ vi: "Năm gốc (chỉ tiêu sản phẩm năm gốc)", en: "Base year (base-year products)" }} values={v} error={error} locale={L} inputmode="numeric" />
        <Input name="targetMin" label={{ vi: "Mục tiêu tối thiểu (số, hoặc % với chỉ tiêu tỷ lệ)", en: "Target at least (a number, or % for a share)" }} values={v} error={error} locale={L} inputmode="numeric" />
        <Input name="targetMax" label={{ vi: "Mục tiêu tối đa (khoảng như 3–5; không bắt buộc)", en: "Target at most (a range like 3–5; optional)" }} values={v} error={error} locale={L} inputmode="numeric" />
        <button type="submit">{t(L, { vi: "Thêm chỉ tiêu", en: "Add the indicator" })}</button>
      </form>
    </>
  );
}

const KIND_LABEL: Record<RecordsView["items"][number]["kind"], Bilingual> = {
  product: { vi: "Sản phẩm", en: "Product" },
  producer: { vi: "Chủ thể", en: "Producer" },
  retail_point: { vi: "Điểm bán", en: "Point of sale" },
  official: { vi: "Cán bộ", en: "Official" },
};

export function recordsPage(p: Frame & { records: RecordsView; planYear: number }): string {
  const L = p.locale;
  const r = p.records;
  const i = r.indicator;
  const where = r.communeId !== null && r.items[0] ? ` · ${r.items[0].communeName}` : "";
  return renderPage(
    <Layout title={{ vi: `Số liệu chỉ tiêu: ${i.label}`, en: `Records behind: ${i.label}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/programme/plans/${r.planId}`}>{t(L, { vi: `← Kế hoạch năm ${p.planYear}`, en: `← The ${p.planYear} plan` })}</a>
      </p>
      <dl class="props">
        <dt>{t(L, { vi: "Cách đo", en: "Measured as" })}</dt>
        <dd>{`${t(L, i.ruleLabel)}${paramsText(L, i) ? ` (${paramsText(L, i)})` : ""}${where}`}</dd>
        <dt>{t(L, { vi: "Mục tiêu", en: "Target" })}</dt>
        <dd>{targetText(L, i)}</dd>
        <dt>{t(L, { vi: "Thực hiện", en: "Achieved" })}</dt>
        <dd>
          {figureText(L, i.unit, r.figure)} <Met met={r.figure.met} locale={L} />
        </dd>
        <dt>{t(L, { vi: "Tính đến", en: "As of" })}</dt>
        <dd>{formatDate(r.asOf)}</dd>
      </dl>
      <ListTable
        locale={L}
        rows={r.items}
        empty={{ vi: "Chưa có bản ghi nào.", en: "No record yet." }}
        columns={[
          { label: { vi: "Loại", en: "Kind" }, cell: (x) => t(L, KIND_LABEL[x.kind]) },
          { label: { vi: "Tên", en: "Name" }, cell: (x) => (x.href ? <a href={x.href}>{x.name}</a> : x.name) },
          { label: { vi: "Xã, phường", en: "Commune" }, cell: (x) => x.communeName },
          { label: { vi: "Hạng", en: "Stars" }, cell: (x) => (x.stars ? "★".repeat(x.stars) : "") },
          { label: { vi: "Được tính", en: "Counted" }, cell: (x) => (x.counted ? <Badge tone="ok" label={{ vi: "Có", en: "Yes" }} locale={L} /> : <Badge tone="muted" label={{ vi: "Không", en: "No" }} locale={L} />) },
          { label: { vi: "Ghi chú", en: "Note" }, cell: (x) => (x.note ? t(L, x.note) : "") },
        ]}
      />
    </Layout>,
  );
}
