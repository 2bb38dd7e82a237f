import type { Child } from "hono/jsx";
import { type Bilingual, formatNumber, type Locale } from "../lib/i18n.js";
import { t } from "./layout.js";

/*
 * The list kit: every list an office works through (certificates, products, producers, stamp batches, fake
 * reports) is the same three pieces — a GET form of search and filters that keeps what was chosen, the count
 * of what matched with its page, and rows with status badges. Plain links and forms, no JavaScript.
 */

export type Choice = { value: string; label: Bilingual | string };
export type FilterField =
  | { kind: "search"; name: string; label: Bilingual; placeholder?: string; maxlength?: number }
  | { kind: "select"; name: string; label: Bilingual; choices: Choice[]; all?: Bilingual }
  | { kind: "date"; name: string; label: Bilingual };

const ALL: Bilingual = { vi: "Tất cả", en: "All" };
const text = (L: Locale, s: Bilingual | string) => (typeof s === "string" ? s : t(L, s));

/** The search and filter form of a list: a GET to `action`, so every filtered view is a link one can share. */
export function FilterForm(p: { action: string; fields: FilterField[]; values: Record<string, string | undefined>; locale: Locale; hidden?: Record<string, string | undefined> }) {
  const L = p.locale;
  const any = p.fields.some((f) => (p.values[f.name] ?? "") !== "");
  return (
    <form method="get" action={p.action} class="card filters" role="search">
      {p.fields.map((f) => {
        const id = `f-${f.name}`;
        const v = p.values[f.name] ?? "";
        return (
          <div class={f.kind === "search" ? "wide" : undefined}>
            <label for={id}>{t(L, f.label)}</label>
            {f.kind === "search" ? (
              <input id={id} name={f.name} type="search" value={v} maxlength={f.maxlength ?? 200} placeholder={f.placeholder} />
            ) : f.kind === "date" ? (
              <input id={id} name={f.name} type="date" value={v} />
            ) : (
              <select id={id} name={f.name}>
                <option value="">{t(L, f.all ?? ALL)}</option>
                {f.choices.map((c) => (
                  <option value={c.value} selected={c.value === v}>
                    {text(L, c.label)}
                  </option>
                ))}
              </select>
            )}
          </div>
        );
      })}
      {Object.entries(p.hidden ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
      <div class="actions">
        <button type="submit">{t(L, { vi: "Tìm", en: "Search" })}</button>
        {any ? <a href={p.action}>{t(L, { vi: "Bỏ lọc", en: "Clear filters" })}</a> : null}
      </div>
    </form>
  );
}

export type Tone = "ok" | "warn" | "bad" | "info" | "muted";

/** A status as a coloured pill: the words carry the meaning, the colour only repeats it. */
export function Badge({ tone, label, locale: L }: { tone: Tone; label: Bilingual | string; locale: Locale }) {
  const words = text(L, label);
  // A long label (a product group's path) wraps inside its pill rather than pushing a phone's card wider.
  return <span class={`badge badge-${tone}${words.length > 24 ? " badge-long" : ""}`}>{words}</span>;
}

/** `base?query` with the given values (empty ones left out) and `over` applied on top. */
export function listHref(base: string, values: Record<string, string | number | undefined>, over: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...over })) if (v !== undefined && v !== "" && !(k === "offset" && Number(v) === 0)) q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/** "12 giấy chứng nhận · trang 1/3" above a list, and the previous/next links under it. */
export function Count({ total, noun, locale: L }: { total: number; noun: Bilingual; locale: Locale }) {
  return (
    <p class="count" role="status">
      <strong>{formatNumber(total)}</strong> {t(L, noun)}
    </p>
  );
}

export function Pager(p: { base: string; values: Record<string, string | number | undefined>; total: number; limit: number; offset: number; locale: Locale }) {
  const L = p.locale;
  if (p.total <= p.limit && p.offset === 0) return null;
  const pages = Math.max(1, Math.ceil(p.total / p.limit));
  const current = Math.floor(p.offset / p.limit) + 1;
  const prev = p.offset > 0 ? Math.max(0, p.offset - p.limit) : undefined;
  const next = p.offset + p.limit < p.total ? p.offset + p.limit : undefined;
  return (
    <nav class="pager" aria-label={t(L, { vi: "Phân trang", en: "Pages" })}>
      {prev !== undefined ? <a href={listHref(p.base, p.values, { offset: prev })} rel="prev">{t(L, { vi: "← Trang trước", en: "← Previous" })}</a> : <span />}
      <span>{t(L, { vi: `Trang ${formatNumber(current)}/${formatNumber(pages)}`, en: `Page ${formatNumber(current)} of ${formatNumber(pages)}` })}</span>
      {next !== undefined ? <a href={listHref(p.base, p.values, { offset: next })} rel="next">{t(L, { vi: "Trang sau →", en: "Next →" })}</a> : <span />}
    </nav>
  );
}

export type Column<R> = { label: Bilingual; cell: (row: R) => Child; num?: boolean };

/** A list table that becomes one card per row on a phone (each cell labelled with its column there). */
export function ListTable<R>({ columns, rows, locale: L, empty }: { columns: Column<R>[]; rows: R[]; locale: Locale; empty: Bilingual }) {
  if (!rows.length) return <p class="empty">{t(L, empty)}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.num ? "num" : undefined}>
                {t(L, c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {columns.map((c) => (
                <td data-label={t(L, c.label)} class={c.num ? "num" : undefined}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
