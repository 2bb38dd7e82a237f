import { type Bilingual, type Locale, formatDate, formatNumber } from "../../../lib/i18n.js";
import { type PublicFrame as Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { Succession, TreeNode, Unit } from "../inputs.js";
import { LEVEL_LABELS, kindLabel, unitFullName } from "../data/unit-names.js";

const TITLE = { vi: "Đơn vị hành chính", en: "Administrative units" };

const link = (u: Unit, at?: string) => `/units/${u.id}${at ? `?at=${at}` : ""}`;

function UnitName({ unit, locale, at }: { unit: Unit; locale: Locale; at?: string | undefined }) {
  return (
    <>
      <a href={link(unit, at)} lang="vi">
        {unitFullName(unit)}
      </a>{" "}
      {locale === "en" ? <span class="later">({kindLabel(unit.kind).en})</span> : null}{" "}
      <code title={t(locale, { vi: "Mã đơn vị hành chính", en: "Official code" })}>{unit.code}</code>
    </>
  );
}

const validity = (u: Unit, L: Locale) =>
  u.validTo
    ? t(L, { vi: `Từ ${formatDate(u.validFrom)} đến trước ${formatDate(u.validTo)}`, en: `From ${formatDate(u.validFrom)} until ${formatDate(u.validTo)} (exclusive)` })
    : t(L, { vi: `Từ ${formatDate(u.validFrom)}, đang có hiệu lực`, en: `From ${formatDate(u.validFrom)}, still in force` });

function DateForm({ locale: L, at, q }: { locale: Locale; at: string; q?: string | undefined }) {
  return (
    <form method="get" action="/units" class="filters">
      <label>
        {t(L, { vi: "Xem cây đơn vị tại ngày", en: "Show the tree as of" })}
        <input type="date" name="at" value={at} required />
      </label>
      <label>
        {t(L, { vi: "Tìm theo tên (không cần dấu)", en: "Search by name (accents optional)" })}
        <input type="search" name="q" value={q ?? ""} maxlength={100} />
      </label>
      <div>
        <button type="submit">{t(L, { vi: "Xem", en: "Show" })}</button>
      </div>
    </form>
  );
}

function Tree({ nodes, locale, at }: { nodes: TreeNode[]; locale: Locale; at: string }) {
  if (!nodes.length) return null;
  return (
    <ul>
      {nodes.map((n) => (
        <li>
          <UnitName unit={n.unit} locale={locale} at={at} />
          {n.children.length ? (
            <details open={n.unit.level === "province"}>
              <summary>
                {t(locale, { vi: `${formatNumber(n.children.length)} đơn vị trực thuộc`, en: `${formatNumber(n.children.length)} units under it` })}
              </summary>
              <Tree nodes={n.children} locale={locale} at={at} />
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const REFORM_NOTE: Bilingual = {
  vi: "Từ ngày 01/7/2025 chính quyền địa phương có hai cấp: tỉnh và xã; cấp huyện không còn. Chọn một ngày trước đó để xem các huyện, thị xã, thành phố cũ.",
  en: "Since 1 July 2025 local government has two levels, province and commune; the district level is gone. Pick an earlier date to see the former districts.",
};

export function renderUnitsPage(p: Frame & { at: string; q?: string | undefined; tree: TreeNode[]; found?: Unit[] | undefined }): string {
  const L = p.locale;
  const communes = p.tree.flatMap((n) => n.children.flatMap((c) => (c.unit.level === "commune" ? [c] : c.children)));
  const districts = p.tree.flatMap((n) => n.children.filter((c) => c.unit.level === "district"));
  return renderPage(
    <Layout title={TITLE} {...p}>
      <p class="lead">
        {t(L, {
          vi: "Danh mục đơn vị hành chính có mã chính thức, theo từng thời điểm. Đơn vị cũ vẫn giữ nguyên tên như khi còn hiệu lực, kèm đơn vị mới kế thừa.",
          en: "Official administrative units with their codes, as of any date. A former unit keeps the name it had, with the unit that succeeded it.",
        })}
      </p>
      <DateForm locale={L} at={p.at} q={p.q} />
      {p.found ? (
        <section>
          <h2>{t(L, { vi: `Kết quả tìm “${p.q}”`, en: `Results for “${p.q}”` })}</h2>
          {p.found.length ? (
            <ul>
              {p.found.map((u) => (
                <li>
                  <UnitName unit={u} locale={L} /> <span class="later">{validity(u, L)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">{t(L, { vi: "Không có đơn vị nào khớp.", en: "No unit matches." })}</p>
          )}
        </section>
      ) : null}
      <section>
        <h2>{t(L, { vi: `Tại ngày ${formatDate(p.at)}`, en: `As of ${formatDate(p.at)}` })}</h2>
        {p.tree.length ? (
          <>
            <p>
              {t(L, {
                vi: `${formatNumber(districts.length)} đơn vị cấp huyện, ${formatNumber(communes.length)} đơn vị cấp xã.`,
                en: `${formatNumber(districts.length)} district-level units, ${formatNumber(communes.length)} commune-level units.`,
              })}
            </p>
            {districts.length ? null : <p class="notice">{t(L, REFORM_NOTE)}</p>}
            <Tree nodes={p.tree} locale={L} at={p.at} />
          </>
        ) : (
          <p class="empty">{t(L, { vi: "Chưa có dữ liệu đơn vị hành chính cho ngày này.", en: "No administrative units are recorded for this date." })}</p>
        )}
      </section>
    </Layout>,
  );
}

function SuccessionTable({ rows, locale: L, caption }: { rows: Succession[]; locale: Locale; caption: Bilingual }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{t(L, caption)}</caption>
        <thead>
          <tr>
            <th>{t(L, { vi: "Đơn vị", en: "Unit" })}</th>
            <th>{t(L, { vi: "Từ ngày", en: "Effective" })}</th>
            <th>{t(L, { vi: "Căn cứ", en: "Legal basis" })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr>
              <td>
                <UnitName unit={s.unit} locale={L} />
                {s.partial ? <span class="badge badge-warn">{t(L, { vi: "một phần", en: "in part" })}</span> : null}
                <span class="sub">{validity(s.unit, L)}</span>
              </td>
              <td>{formatDate(s.effectiveDate)}</td>
              <td lang="vi">{s.legalBasis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Children({ units, at, locale: L }: { units: Unit[]; at: string; locale: Locale }) {
  return (
    <section>
      <h2>{t(L, { vi: `Đơn vị trực thuộc tại ngày ${formatDate(at)}`, en: `Units under it as of ${formatDate(at)}` })}</h2>
      {units.length ? (
        <ul>
          {units.map((c) => (
            <li>
              <UnitName unit={c} locale={L} at={at} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t(L, { vi: "Không có.", en: "None." })}</p>
      )}
    </section>
  );
}

export type UnitPageData = {
  unit: Unit;
  ancestors: Unit[];
  at: string;
  children: Unit[];
  predecessors: Succession[];
  successors: Succession[];
  current: { unit: Unit; partial: boolean }[];
  today: string;
};

export function renderUnitPage(p: Frame & UnitPageData): string {
  const L = p.locale;
  const u = p.unit;
  const title = { vi: unitFullName(u), en: `${unitFullName(u)} (${kindLabel(u.kind).en})` };
  const ended = u.validTo !== null && u.validTo <= p.today;
  return renderPage(
    <Layout title={title} {...p}>
      <nav aria-label={t(L, { vi: "Đơn vị cấp trên", en: "Parent units" })}>
        <a href={`/units?at=${p.at}`}>{t(L, TITLE)}</a>
        {p.ancestors.map((a) => (
          <>
            {" › "}
            <a href={link(a, p.at)} lang="vi">
              {unitFullName(a)}
            </a>
          </>
        ))}
      </nav>
      <dl>
        <dt>{t(L, { vi: "Mã", en: "Code" })}</dt>
        <dd>
          <code>{u.code}</code>
        </dd>
        <dt>{t(L, { vi: "Cấp", en: "Level" })}</dt>
        <dd>
          {t(L, LEVEL_LABELS[u.level])} · {t(L, kindLabel(u.kind))}
        </dd>
        <dt>{t(L, { vi: "Hiệu lực", en: "Valid" })}</dt>
        <dd>{validity(u, L)}</dd>
      </dl>
      {ended ? (
        <div class="notice warn" role="note">
          <p>
            {t(L, { vi: "Đơn vị này không còn. Hiện nay thuộc:", en: "This unit no longer exists. Today it lies in:" })}{" "}
            {p.current.length
              ? p.current.map((c, i) => (
                  <>
                    {i ? ", " : ""}
                    <UnitName unit={c.unit} locale={L} />
                    {c.partial ? ` (${t(L, { vi: "một phần", en: "in part" })})` : ""}
                  </>
                ))
              : u.level === "district"
                ? t(L, { vi: "cấp huyện đã kết thúc; xem đơn vị hiện nay của từng xã bên dưới.", en: "the district level has ended; see each commune below for its unit today." })
                : t(L, { vi: "chưa có dữ liệu về đơn vị kế thừa.", en: "no successor is recorded." })}
          </p>
        </div>
      ) : null}
      {p.predecessors.length ? <SuccessionTable rows={p.predecessors} locale={L} caption={{ vi: "Hình thành từ (đơn vị cũ)", en: "Formed from (former units)" }} /> : null}
      {p.successors.length ? <SuccessionTable rows={p.successors} locale={L} caption={{ vi: "Sáp nhập, chuyển thành (đơn vị mới)", en: "Merged into or became (new units)" }} /> : null}
      {u.level === "commune" ? null : <Children units={p.children} at={p.at} locale={L} />}
    </Layout>,
  );
}
