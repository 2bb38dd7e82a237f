import type { Bilingual } from "../lib/i18n.js";

/**
 * The product classification of QĐ 26/2026/QĐ-TTg Annex I, one entry per criteria set of Annex II. A product
 * idea names its criteria set; the set fixes its product kind, group and subgroup, and later the rubric the
 * councils score it with (src/modules/rubrics). Set ids are the Annex II numbers, 1–26, and never change
 * meaning: a later decision that renumbers them gets a new table, not an edit of this one.
 */
export const PRODUCT_KINDS = ["food", "drink", "herbal", "handicraft", "ornamental", "tourism"] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const PRODUCT_KIND_LABELS: Record<ProductKind, Bilingual> = {
  food: { vi: "Thực phẩm", en: "Food" },
  drink: { vi: "Đồ uống", en: "Drinks" },
  herbal: { vi: "Dược liệu và sản phẩm từ dược liệu", en: "Medicinal herbs and herbal products" },
  handicraft: { vi: "Hàng thủ công mỹ nghệ", en: "Handicrafts" },
  ornamental: { vi: "Sinh vật cảnh", en: "Ornamental plants and animals" },
  tourism: { vi: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", en: "Community tourism, ecotourism and tourist sites" },
};

export type CriteriaSet = {
  /** Annex II number, 1–26. */
  id: number;
  kind: ProductKind;
  group: Bilingual;
  /** Annex I subgroup; null where the group has none (the group is the set). */
  subgroup: Bilingual | null;
  /** The set's own title in Annex II. */
  title: Bilingual;
};

const g = (vi: string, en: string): Bilingual => ({ vi, en });

const FRESH = g("Thực phẩm tươi sống", "Fresh food");
const RAW = g("Thực phẩm thô, sơ chế", "Raw and minimally processed food");
const PROCESSED = g("Thực phẩm chế biến", "Processed food");
const SPICES = g("Gia vị", "Spices and condiments");
const TEA = g("Chè", "Tea");
const ALCOHOL = g("Đồ uống có cồn", "Alcoholic drinks");
const SOFT = g("Đồ uống không cồn", "Non-alcoholic drinks");

export const CRITERIA_SETS: readonly CriteriaSet[] = [
  { id: 1, kind: "food", group: FRESH, subgroup: g("Rau, củ, quả, hạt tươi", "Fresh vegetables, tubers, fruit and nuts"), title: g("Rau, củ, quả, hạt tươi", "Fresh vegetables, tubers, fruit and nuts") },
  { id: 2, kind: "food", group: FRESH, subgroup: g("Thịt, thủy sản, trứng, sữa tươi", "Fresh meat, seafood, eggs and milk"), title: g("Thịt, thủy sản, trứng, sữa tươi", "Fresh meat, seafood, eggs and milk") },
  { id: 3, kind: "food", group: RAW, subgroup: g("Gạo, ngũ cốc, hạt sơ chế khác", "Rice, cereals and other minimally processed grains"), title: g("Gạo, ngũ cốc, hạt sơ chế khác", "Rice, cereals and other minimally processed grains") },
  { id: 4, kind: "food", group: RAW, subgroup: g("Mật ong, mật khác và nông sản thực phẩm khác", "Honey, other syrups and other farm foods"), title: g("Mật ong, mật khác và nông sản thực phẩm khác", "Honey, other syrups and other farm foods") },
  { id: 5, kind: "food", group: PROCESSED, subgroup: g("Đồ ăn nhanh", "Fast food"), title: g("Đồ ăn nhanh", "Fast food") },
  { id: 6, kind: "food", group: PROCESSED, subgroup: g("Chế biến từ gạo, ngũ cốc", "Processed from rice and cereals"), title: g("Chế biến từ gạo, ngũ cốc", "Processed from rice and cereals") },
  { id: 7, kind: "food", group: PROCESSED, subgroup: g("Chế biến từ rau, củ, quả, hạt", "Processed from vegetables, tubers, fruit and nuts"), title: g("Chế biến từ rau, củ, quả, hạt", "Processed from vegetables, tubers, fruit and nuts") },
  {
    id: 8,
    kind: "food",
    group: PROCESSED,
    subgroup: g("Chế biến từ thịt, trứng, sữa, thủy sản, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác", "Processed from meat, eggs, milk, seafood, honey, other syrups and other farm foods"),
    title: g("Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác", "Processed from meat, seafood, eggs, milk, honey, other syrups and other farm foods"),
  },
  { id: 9, kind: "food", group: SPICES, subgroup: g("Tương, nước mắm, gia vị dạng lỏng khác", "Soy paste, fish sauce and other liquid condiments"), title: g("Tương, nước mắm, gia vị dạng lỏng khác", "Soy paste, fish sauce and other liquid condiments") },
  { id: 10, kind: "food", group: SPICES, subgroup: g("Gia vị khác", "Other spices"), title: g("Gia vị khác (muối, hành, tỏi, tiêu)", "Other spices (salt, shallot, garlic, pepper)") },
  { id: 11, kind: "food", group: TEA, subgroup: g("Chè tươi, chế biến", "Fresh and processed tea"), title: g("Chè tươi, chè chế biến", "Fresh and processed tea") },
  { id: 12, kind: "food", group: TEA, subgroup: g("Sản phẩm chè từ thực vật khác", "Tea from other plants"), title: g("Sản phẩm trà từ thực vật khác", "Tea from other plants") },
  { id: 13, kind: "food", group: g("Cà phê, ca cao", "Coffee and cocoa"), subgroup: null, title: g("Cà phê, cacao", "Coffee and cocoa") },
  { id: 14, kind: "drink", group: ALCOHOL, subgroup: g("Rượu trắng", "White spirits"), title: g("Rượu trắng", "White spirits") },
  { id: 15, kind: "drink", group: ALCOHOL, subgroup: g("Đồ uống có cồn khác", "Other alcoholic drinks"), title: g("Đồ uống có cồn khác", "Other alcoholic drinks") },
  { id: 16, kind: "drink", group: SOFT, subgroup: g("Nước khoáng thiên nhiên, nước uống đóng chai", "Natural mineral water and bottled water"), title: g("Nước khoáng thiên nhiên, nước uống đóng chai", "Natural mineral water and bottled water") },
  { id: 17, kind: "drink", group: SOFT, subgroup: g("Đồ uống không cồn", "Non-alcoholic drinks"), title: g("Đồ uống không cồn khác", "Other non-alcoholic drinks") },
  { id: 18, kind: "herbal", group: g("Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", "Functional foods, herbal and traditional medicines"), subgroup: null, title: g("Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", "Functional foods, herbal and traditional medicines") },
  { id: 19, kind: "herbal", group: g("Mỹ phẩm có thành phần từ dược liệu", "Cosmetics with herbal ingredients"), subgroup: null, title: g("Mỹ phẩm có thành phần từ dược liệu", "Cosmetics with herbal ingredients") },
  { id: 20, kind: "herbal", group: g("Tinh dầu và dược liệu khác", "Essential oils and other herbal products"), subgroup: null, title: g("Tinh dầu và dược liệu khác", "Essential oils and other herbal products") },
  { id: 21, kind: "handicraft", group: g("Thủ công mỹ nghệ gia dụng, trang trí", "Household and decorative handicrafts"), subgroup: null, title: g("Thủ công mỹ nghệ gia dụng, trang trí", "Household and decorative handicrafts") },
  { id: 22, kind: "handicraft", group: g("Vải, may mặc", "Textiles and garments"), subgroup: null, title: g("Vải, may mặc", "Textiles and garments") },
  { id: 23, kind: "ornamental", group: g("Hoa", "Flowers"), subgroup: null, title: g("Hoa", "Flowers") },
  { id: 24, kind: "ornamental", group: g("Cây cảnh", "Ornamental plants"), subgroup: null, title: g("Cây cảnh", "Ornamental plants") },
  { id: 25, kind: "ornamental", group: g("Động vật cảnh", "Ornamental animals"), subgroup: null, title: g("Động vật cảnh", "Ornamental animals") },
  {
    id: 26,
    kind: "tourism",
    group: g("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, ecotourism and tourist sites"),
    subgroup: null,
    title: g("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, ecotourism and tourist sites"),
  },
];

export const CRITERIA_SET_IDS = CRITERIA_SETS.map((s) => s.id);

export function criteriaSet(id: number): CriteriaSet | undefined {
  return CRITERIA_SETS.find((s) => s.id === id);
}

/** "Thực phẩm chế biến › Đồ ăn nhanh" in the locale asked for. */
export function criteriaSetLabel(id: number, locale: "vi" | "en" = "vi"): string {
  const s = criteriaSet(id);
  if (!s) return String(id);
  return s.subgroup ? `${s.group[locale]} › ${s.subgroup[locale]}` : s.group[locale];
}
