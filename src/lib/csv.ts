/*
 * CSV exports that open right in a spreadsheet: UTF-8 with a BOM (so Vietnamese names are read as UTF-8),
 * CRLF lines, quoted cells where needed, and a leading apostrophe on text that a spreadsheet would take for a
 * formula (=, +, -, @): names come from producers and must never run as formulas on an official's machine.
 */

export function csvCell(v: string | number | bigint | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvResponse(filename: string, header: readonly string[], rows: readonly (readonly (string | number | bigint | null | undefined)[])[]): Response {
  const lines = [header.join(","), ...rows.map((r) => r.map(csvCell).join(","))];
  return new Response("\ufeff" + lines.join("\r\n") + "\r\n", {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
}
