import type { Bilingual } from "../../../lib/i18n.js";

/** Official kinds of unit, lower-case as they appear inside a name ("Phường Thành Sen" → "phường"). */
export const UNIT_KINDS = ["tỉnh", "thành phố", "thị xã", "huyện", "quận", "phường", "xã", "thị trấn", "đặc khu"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

const KIND_EN: Record<UnitKind, string> = {
  "tỉnh": "province",
  "thành phố": "city",
  "thị xã": "town",
  "huyện": "district",
  "quận": "urban district",
  "phường": "ward",
  "xã": "commune",
  "thị trấn": "township",
  "đặc khu": "special zone",
};

export const LEVEL_LABELS: Record<UnitLevel, Bilingual> = {
  province: { vi: "Cấp tỉnh", en: "Province level" },
  district: { vi: "Cấp huyện", en: "District level" },
  commune: { vi: "Cấp xã", en: "Commune level" },
};

export const kindLabel = (kind: string): Bilingual => ({ vi: kind, en: KIND_EN[kind as UnitKind] ?? kind });

/** Text as stored: NFC (sources mix composed and decomposed forms) with single spaces ("Thị trấn  Tây Sơn"). */
export const cleanText = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);

/** "Phường Thành Sen": names are stored without their kind. */
export const unitFullName = (u: { name: string; kind: string }) => `${capitalize(u.kind)} ${u.name}`;

// Longest first, so "thành phố" is not read as a name starting "phố".
const PREFIXES = [...UNIT_KINDS].sort((a, b) => b.length - a.length);

/** Splits an official full name into kind and name; undefined when it starts with no known kind. */
export function parseFullName(full: string): { kind: UnitKind; name: string } | undefined {
  const text = cleanText(full);
  const lower = text.toLocaleLowerCase("vi");
  for (const kind of PREFIXES) {
    if (lower.startsWith(kind + " ")) return { kind, name: text.slice(kind.length + 1) };
  }
  return undefined;
}

/** Accent- and case-insensitive form for name search: people type "ha tinh" as often as "Hà Tĩnh". */
export const searchKey = (s: string) =>
  cleanText(s)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
