/*
 * Bar charts as plain SVG strings, rendered on the server and inlined in the page: no script, no external
 * file, readable by screen readers (role="img" with a <title> and <desc>, and a <title> on every bar that
 * browsers also show on hover). Every text that comes from data is escaped here; colours are presentation
 * attributes (the site's CSP forbids inline style attributes), scaled by the viewBox to any width.
 */

export type Bar = {
  /** The axis label (short: "05/06", "Hà Tĩnh"). */
  label: string;
  value: number;
  /** What the bar's tooltip and screen readers say ("2026-06-05: 3 lượt quét"). */
  title: string;
};

export type ChartOptions = {
  /** Unique in the page: the ids of the chart's title and description derive from it. */
  id: string;
  title: string;
  description?: string;
  bars: readonly Bar[];
  /** Text shown when there are no bars or all are zero. */
  emptyText?: string;
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in SVG/XML content and attribute values; control characters XML forbids are dropped. */
export function escapeXml(s: string): string {
  return String(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");
const fmt = (n: number) => new Intl.NumberFormat("vi-VN").format(n);
const r1 = (n: number) => Math.round(n * 10) / 10;

const BAR = "#1d6b36";
const AXIS = "#545458";
const GRID = "#d6d3cc";

function open(o: ChartOptions, width: number, height: number): string {
  const id = safeId(o.id);
  const labelled = o.description ? `${id}-title ${id}-desc` : `${id}-title`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="${labelled}" font-family="system-ui, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(o.title)}</title>` +
    (o.description ? `<desc id="${id}-desc">${escapeXml(o.description)}</desc>` : "")
  );
}

/** A "nice" axis maximum ≥ max: 1, 2, 5 × 10^k. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/**
 * Vertical bars along a time axis (one per day). Every bar is drawn, zero ones too (as a flat bar with its
 * title), so a reader can step through each day; the axis shows every `labelEvery`-th label.
 */
export function columnChart(o: ChartOptions & { labelEvery?: number }): string {
  const width = 720;
  const height = 260;
  const m = { left: 44, right: 8, top: 12, bottom: 36 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const n = Math.max(o.bars.length, 1);
  const max = niceMax(Math.max(0, ...o.bars.map((b) => b.value)));
  const step = plotW / n;
  const bw = Math.max(1, step * 0.75);
  const every = Math.max(1, o.labelEvery ?? Math.ceil(n / 10));
  const baseY = m.top + plotH;
  let s = open(o, width, height);
  // Axis and gridlines at 0, half and the maximum.
  s += `<g aria-hidden="true" fill="${AXIS}" stroke="none">`;
  for (const v of [0, max / 2, max]) {
    const y = r1(baseY - (v / max) * plotH);
    s += `<line x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-width="1"/>`;
    s += `<text x="${m.left - 6}" y="${r1(y + 4)}" text-anchor="end">${escapeXml(fmt(v))}</text>`;
  }
  o.bars.forEach((b, i) => {
    if (i % every !== 0 && i !== o.bars.length - 1) return;
    s += `<text x="${r1(m.left + step * i + step / 2)}" y="${baseY + 18}" text-anchor="middle">${escapeXml(b.label)}</text>`;
  });
  s += `</g><g class="bars" fill="${BAR}">`;
  o.bars.forEach((b, i) => {
    const h = r1((Math.max(0, b.value) / max) * plotH);
    const x = r1(m.left + step * i + (step - bw) / 2);
    s += `<rect class="bar" x="${x}" y="${r1(baseY - h)}" width="${r1(bw)}" height="${h}" data-value="${b.value}"><title>${escapeXml(b.title)}</title></rect>`;
  });
  s += `</g>`;
  if (o.emptyText && o.bars.every((b) => b.value <= 0)) s += `<text x="${width / 2}" y="${m.top + plotH / 2}" text-anchor="middle" fill="${AXIS}">${escapeXml(o.emptyText)}</text>`;
  return s + `</svg>`;
}

/**
 * Horizontal bars, one row per category, the label on the left and the value at the bar's end. `width` is the
 * viewBox's: a narrower one (the dashboard's 480) keeps the text legible when a phone scales the chart down.
 */
export function barChart(o: ChartOptions & { width?: number }): string {
  const width = o.width ?? 720;
  const rowH = 24;
  const m = { left: Math.round(Math.min(200, width * 0.36)), right: 60, top: 8, bottom: 8 };
  const maxLabel = Math.max(12, Math.floor((m.left - 8) / 6.2));
  const rows = Math.max(o.bars.length, 1);
  const height = m.top + m.bottom + rows * rowH;
  const plotW = width - m.left - m.right;
  const max = Math.max(1, ...o.bars.map((b) => b.value));
  let s = open(o, width, height);
  if (!o.bars.length) {
    if (o.emptyText) s += `<text x="${width / 2}" y="${m.top + rowH * 0.7}" text-anchor="middle" fill="${AXIS}">${escapeXml(o.emptyText)}</text>`;
    return s + `</svg>`;
  }
  o.bars.forEach((b, i) => {
    const y = m.top + i * rowH;
    const w = r1((Math.max(0, b.value) / max) * plotW);
    const label = b.label.length > maxLabel ? `${b.label.slice(0, maxLabel - 1)}…` : b.label;
    s += `<g class="row">`;
    s += `<text x="${m.left - 8}" y="${y + rowH * 0.68}" text-anchor="end" fill="${AXIS}" aria-hidden="true">${escapeXml(label)}</text>`;
    s += `<rect class="bar" x="${m.left}" y="${y + 3}" width="${w}" height="${rowH - 6}" fill="${BAR}" data-value="${b.value}"><title>${escapeXml(b.title)}</title></rect>`;
    s += `<text x="${r1(m.left + w + 6)}" y="${y + rowH * 0.68}" fill="${AXIS}" aria-hidden="true">${escapeXml(fmt(b.value))}</text>`;
    s += `</g>`;
  });
  return s + `</svg>`;
}
