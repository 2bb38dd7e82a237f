import { raw } from "hono/html";
import { formatNumber, type Bilingual, type Locale } from "../lib/i18n.js";
import { t } from "./layout.js";

/*
 * A figure of a report page: a server-drawn SVG chart (web/svg-chart.ts) and, beside it, the table of the same
 * numbers, so a screen reader, a phone in bright sun or a copy into a spreadsheet get them exactly. The table is
 * the figure's data (what the exports write); the chart is drawn from it.
 */

export type Cell = string | number | bigint | null;
export type FigureColumn = { key: string; label: Bilingual; num?: boolean };
export type FigureTable = { id: string; title: Bilingual; columns: FigureColumn[]; rows: Cell[][] };

const shown = (v: Cell) => (v === null ? "—" : typeof v === "string" ? v : formatNumber(v));

/** The table; one of more than three columns becomes a card per row on a phone (the page kit's reflow). */
export function FigureTableView({ table, locale: L, caption }: { table: FigureTable; locale: Locale; caption?: boolean }) {
  if (!table.rows.length) return <p class="empty">{t(L, { vi: "Không có số liệu.", en: "No figures." })}</p>;
  const cards = table.columns.length > 3;
  return (
    <table class={cards ? "reflow" : "figure"} id={`${table.id}-table`}>
      {caption ? <caption>{t(L, table.title)}</caption> : null}
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th scope="col" class={c.num ? "num" : undefined}>
              {t(L, c.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr>
            {table.columns.map((c, i) => (
              <td data-label={cards ? t(L, c.label) : undefined} class={c.num ? "num" : undefined}>
                {shown(r[i] ?? null)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The chart (an SVG string, role="img" with its <title>), the table beside it, and the figure's export links. */
export function ChartFigure(p: { table: FigureTable; chart: string | null; locale: Locale; note?: Bilingual; links?: { href: string; label: string }[] }) {
  const L = p.locale;
  return (
    <section class="card figure" id={p.table.id} aria-labelledby={`${p.table.id}-h`}>
      <h2 id={`${p.table.id}-h`}>{t(L, p.table.title)}</h2>
      {p.note ? <p class="sub">{t(L, p.note)}</p> : null}
      {p.chart ? raw(p.chart) : null}
      <FigureTableView table={p.table} locale={L} />
      {p.links?.length ? (
        <p class="sub">
          {p.links.map((l, i) => (
            <>
              {i ? " · " : ""}
              <a href={l.href}>{l.label}</a>
            </>
          ))}
        </p>
      ) : null}
    </section>
  );
}
