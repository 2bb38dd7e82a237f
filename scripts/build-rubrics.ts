/**
 * Generates src/modules/rubrics/data/qd-26-2026/set-NN.json from the text of Decision 26/2026/QĐ-TTg
 * (Annex II, tables written as "| text | points |" rows):
 *
 *   npx tsx scripts/build-rubrics.ts /path/to/qd-26-2026-ttg.txt [--check]
 *
 * The committed JSON is the source of truth at runtime; this script only documents how it was obtained and
 * lets a reviewer regenerate it. Every departure from the printed text is an entry of FIXES below, with the
 * reason, and is copied into the file's `transcriptionNotes`. With --check it writes nothing and exits 1 if
 * the generated data differs from the committed files.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CRITERIA_SETS } from "../src/domain/product-categories.js";
import type { CriterionNode, EliminationRule, RubricFile, RubricOption, RubricPart, StarLevel } from "../src/domain/rubric.js";
import { validateRubric } from "../src/modules/rubrics/queries.js";

const VERSION = "qd-26-2026";
const OUT_DIR = fileURLToPath(new URL(`../src/modules/rubrics/data/${VERSION}/`, import.meta.url));

/**
 * Misprints in the decision text, corrected by hand. Each is matched on the set and the exact printed row so
 * that a different copy of the text fails loudly instead of being "fixed" silently.
 */
type Fix = { set: number; row: string; replace: string; why: string };
const FIXES: Fix[] = [
  {
    set: 4,
    row: "| □ Có trên 2 chỉ tiêu | 13 |",
    replace: "| □ Có trên 2 chỉ tiêu | 3 |",
    why: "7: option printed with 13 points in a criterion worth 3 (options 0, 1, ?); read as 3, as in the other sets' identical nutrition scale.",
  },
  {
    set: 11,
    row: "| □ Có rất ít tạp chất, chấp nhận được | 11 |",
    replace: "| □ Có rất ít tạp chất, chấp nhận được | 1 |",
    why: "6.1.1: option printed with 11 points in an item worth 2 whose options are 0, ?, 2; read as 1 (a doubled digit).",
  },
  {
    set: 23,
    row: "| 9. HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG | 4 1 |",
    replace: "| 9. HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG | 4 |",
    why: "9: points printed as \"4 1\"; the options are 2 and 4 and Part C adds up to 35 only with 4.",
  },
  // Sets 4, 7, 10 and 11 print the "no certificate" option of 1.2 with an empty points cell; the other sets
  // print the same row with 0, and the item's remaining options are 1 and 2.
  ...[4, 7, 10, 11].map((set) => ({
    set,
    row: "| □ Không được cấp giấy chứng nhận chất lượng |  |",
    replace: "| □ Không được cấp giấy chứng nhận chất lượng | 0 |",
    why: "1.2: the option \"Không được cấp giấy chứng nhận chất lượng\" is printed without points; 0 as in the other sets.",
  })),
];

/**
 * Rows that look wrong but are internally consistent (every sum still holds), so the printed value is kept:
 * changing a legally printed score needs more than a guess. They are flagged in the file for a reviewer.
 */
type Flag = { set: number; row: string; why: string };
const FLAGS: Flag[] = [
  {
    set: 7,
    row: "| □ Công ty TNHH; hoặc doanh nghiệp tư nhân; hoặc công ty cổ phần có vốn góp của cộng đồng người địa phương <51% | 1 |",
    why: "3.1: the company option is printed with 1 point (the same row gives 2 in every other set); kept as printed.",
  },
  {
    set: 23,
    row: "| □ Phù hợp với đặc tính sản phẩm | 1 |",
    why: "6.2: the first two options (\"Chấp nhận được\", \"Phù hợp với đặc tính sản phẩm\") are both printed with 1 point; kept as printed.",
  },
  // Misprints that change the meaning but leave every sum intact, read as the decision itself reads elsewhere.
  {
    set: 19,
    row: "| □ Đơn đăng ký nhãn hiệu đã được cơ quan có thẩm quyền chấp nhận hoặc công bố (đã qua vòng thẩm định hình thức)*** | 1 |",
    why: "2.3.a: under \"Phong cách, ghi nhãn hàng hóa\" the decision prints the trademark option of 3.5 (Sở hữu trí tuệ); the other 25 sheets read 2.3.a \"Có nhãn, ghi nhãn hàng hóa đầy đủ, theo đúng quy định\" with the same 1 point and 3★ mark. Points and mark are kept as printed; a council reads 2.3.a as the labelling option (full, lawful label), not as a trademark application.",
  },
  {
    set: 19,
    row: "| □ Cơ sở chế biến, đóng gói có giấy chứng nhận đủ điều kiện an toàn thực phẩm theo quy định*** | 1 |",
    why: "12: the options speak of food-safety certificates (\"đủ điều kiện an toàn thực phẩm\") in the cosmetics sheet, copied from the food sheets; kept as printed and read as the production conditions certificate cosmetics must hold (đủ điều kiện sản xuất mỹ phẩm) and the quality-management certificates named.",
  },
  {
    set: 21,
    row: "| 7. CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM Áp dụng bắt buộc đối với các sản phẩm phải công bố chất lượng theo quy định; khuyến khích các sản phẩm còn lại để nâng cao chất lượng sản phẩm. | 4 |",
    why: "7: the heading makes the quality declaration mandatory only for products that must declare quality and merely encouraged for the rest, yet 7.a is printed as a 3★ minimum. Kept as printed; in the decision's own reading the 3★ minimum binds only products that must declare quality: for another handicraft the council records \"none applies\" with a note saying the product is outside the mandatory scope, and the chair weighs that unmet minimum accordingly (the sheet itself cannot know the scope).",
  },
  {
    set: 21,
    row: "| Ghi chú: Bản Tiêu chuẩn sản phẩm phải có phiếu kiểm nghiệm các chỉ tiêu an toàn thực phẩm |  |",
    why: "7 and 8: the note (\"phiếu kiểm nghiệm các chỉ tiêu an toàn thực phẩm\") and item 8's options (\"giấy chứng nhận đủ điều kiện an toàn thực phẩm\") speak of food safety in the handicraft sheet, copied from the food sheets; kept as printed and read as the test report of the product standard's own safety criteria and the production conditions certificate the product's field requires.",
  },
];

/**
 * Stop rules and conditional items printed as notes, turned into rules the scorer applies (CriterionNode.stop,
 * .appliesWhen). Every note that reads as one must match here, or the build fails.
 */
const STOP_NOTE = /không đánh giá các bước tiếp theo|không xem xét các chỉ tiêu khác|không đánh giá những sản phẩm có tính phổ biến/i;
const CONDITION_NOTE = /^Chỉ áp dụng khi có câu chuyện sản phẩm/;

function applyRules(setId: number, parts: RubricPart[]): void {
  const items = parts.flatMap((p) => p.criteria.flatMap((c) => [...walkTree(c)])).filter((n) => n.options);
  const parentOf = new Map<string, CriterionNode | null>();
  for (const p of parts) {
    const visit = (n: CriterionNode, parent: CriterionNode | null) => {
      parentOf.set(n.id, parent);
      n.subCriteria?.forEach((c) => visit(c, n));
    };
    p.criteria.forEach((c) => visit(c, null));
  }
  for (const [i, n] of items.entries()) {
    for (const note of n.notes ?? []) {
      if (STOP_NOTE.test(note)) {
        if (/một trong các chỉ tiêu trên/i.test(note)) {
          // "Nếu được 0 điểm tại một trong các chỉ tiêu trên": the scored siblings printed up to this item.
          const siblings = (parentOf.get(n.id)?.subCriteria ?? [n]).filter((s) => s.options);
          n.stop = { trigger: "zero", watch: siblings.slice(0, siblings.indexOf(n) + 1).map((s) => s.id) };
        } else if (/nếu không có Phiếu công bố|tính phổ biến/i.test(note)) {
          // The condition is a 0-point answer to the item itself: its 0-point option where one is printed ("Không có
          // hồ sơ công bố…", "Sản phẩm được trồng phổ biến…"), otherwise "none applies" (set 20 prints no 0 option).
          n.stop = { trigger: "zero", watch: [n.id] };
        } else {
          // Unacceptable impurities: not one of the printed options, so the assessor declares it.
          n.stop = { trigger: "declared", watch: [n.id] };
        }
      }
      if (CONDITION_NOTE.test(note)) {
        const before = items[i - 1];
        if (!before || !/câu chuyện/i.test(before.title)) throw new Error(`set ${setId}: ${n.id}: "${note}" but the item before it is not the product story`);
        n.appliesWhen = { item: before.id };
      }
    }
  }
}

function* walkTree(n: CriterionNode): Generator<CriterionNode> {
  yield n;
  for (const c of n.subCriteria ?? []) yield* walkTree(c);
}

/** Part maxima stated by Art. 3.1 and printed in every sheet's points column (see the set 26 heading anomaly). */
const PART_TITLES_EN: Record<"A" | "B" | "C", string> = {
  A: "Product and community strength",
  B: "Marketing capability",
  C: "Product quality",
};

const TITLE_EN: Array<[RegExp, string]> = [
  [/^TỔ CHỨC SẢN XUẤT/, "Production organisation"],
  [/^TỔ CHỨC DỊCH VỤ CỘNG ĐỒNG/, "Organisation of community services"],
  [/^PHÁT TRIỂN SẢN PHẨM/, "Product development"],
  [/^SỨC MẠNH CỘNG ĐỒNG/, "Community strength"],
  [/^TIẾP THỊ/, "Marketing"],
  [/^CÂU CHUYỆN (VỀ )?SẢN PHẨM/, "Product story"],
  [/^CHỈ TIÊU CẢM QUAN/, "Sensory indicators"],
  [/^CÁC CHỈ TIÊU/, "Quality indicators"],
  [/^DINH DƯỠNG/, "Nutrition"],
  [/^TÍNH ĐỘC ĐÁO/, "Uniqueness"],
  [/^CÔNG BỐ CHẤT LƯỢNG/, "Quality declaration"],
  [/^CÔNG BỐ SẢN PHẨM/, "Product declaration"],
  [/^ĐẢM BẢO CHẤT LƯỢNG/, "Quality assurance"],
  [/^ĐIỀU KIỆN ĐẢM BẢO AN TOÀN CHẤT LƯỢNG/, "Conditions ensuring product quality and safety"],
  [/^CHẤT LƯỢNG AN TOÀN THỰC PHẨM/, "Food safety quality"],
  [/^CHẤT LƯỢNG SẢN PHẨM/, "Product quality"],
  [/^KIỂM TRA ĐỊNH KỲ/, "Periodic inspection"],
  [/^HƯỚNG DẪN SỬ DỤNG/, "Instructions for use"],
  [/^CƠ HỘI THỊ TRƯỜNG TOÀN CẦU/, "Global market opportunity"],
  [/^SỰ TIỆN LỢI/, "Convenience of use and storage"],
  [/^HIỆU QUẢ SỬ DỤNG/, "Effectiveness in use"],
  [/^TÍNH AN TOÀN/, "Safety"],
  [/^Vị trí/, "Location"],
  [/^Kiến trúc và cảnh quan/, "Architecture and landscape"],
  [/^Đáp ứng điều kiện kinh doanh/, "Business conditions"],
  [/^Đảm bảo an toàn và an ninh/, "Safety and security"],
  [/^Tính hoàn thiện/, "Completeness of the service"],
  [/^Hoạt động trải nghiệm/, "Experience activities"],
  [/^Quản lý và nhân viên/, "Management and staff"],
  [/^Chất lượng sản phẩm dịch vụ/, "Quality of the tourism service product"],
  [/^Chất lượng phục vụ/, "Quality of service"],
  [/^Tiện nghi/, "Amenities"],
  [/^Hoạt động thu hút/, "Visitor attraction activities"],
  [/^Hàng hóa dịch vụ/, "Goods and services (food, souvenirs)"],
];

/** Fixes and flags that matched a row; one that matches nothing means the text differs from the one reviewed. */
const used = new Set<Fix | Flag>();

type SetBlock = { id: number; heading: string; lines: string[] };

function cut(text: string): SetBlock[] {
  const lines = text.split(/\r?\n/);
  const annexIII = lines.findIndex((l) => l.startsWith("PHỤ LỤC III"));
  // The sheets start at the first set heading outside a table (Annex II opens with a table listing them).
  // Sets 12 and 13 are headed "12. Sản phẩm trà …" / "13. Sản phẩm cà phê …" without "Bộ sản phẩm:"; their
  // title is then the whole heading.
  const heading = /^(\d{1,2})\. (?:Bộ sản phẩm: )?(Sản phẩm .*?|.*?)\s*$/;
  const starts: Array<{ at: number; id: number; heading: string }> = [];
  for (let i = 0; i < annexIII; i++) {
    const m = heading.exec(lines[i]!);
    if (m && lines[i + 1]?.trim().startsWith("(")) starts.push({ at: i, id: Number(m[1]), heading: m[2]! });
  }
  return starts.map((s, k) => ({ id: s.id, heading: s.heading, lines: lines.slice(s.at, starts[k + 1]?.at ?? annexIII) }));
}

function starsOf(text: string): { text: string; minStar?: StarLevel; trailer?: string } {
  const m = /^(.*?)\s*((?:\*\s*){3,5})(.*)$/.exec(text);
  if (!m) return { text };
  const n = m[2]!.replace(/\s/g, "").length as StarLevel;
  const trailer = m[3]!.trim();
  return { text: m[1]!.trim(), minStar: n, ...(trailer ? { trailer } : {}) };
}

function parseSet(block: SetBlock): RubricFile {
  const notes: string[] = [];
  const meta = CRITERIA_SETS.find((s) => s.id === block.id);
  if (!meta) throw new Error(`set ${block.id} is not in CRITERIA_SETS`);

  let classification = "";
  let starLegend: string | null = null;
  const elim: EliminationRule[] = [];
  const seenElim = new Set<string>();
  const parts: RubricPart[] = [];
  let total: number | null = null;

  // The open path: stack[0] is a criterion, stack[1] a sub-criterion, stack[2] a third-level item.
  let stack: CriterionNode[] = [];
  let currentGroup: string | undefined;

  const current = () => stack[stack.length - 1];
  const addNote = (t: string) => {
    const n = current();
    if (!n) throw new Error(`set ${block.id}: note outside a criterion: ${t}`);
    (n.notes ??= []).push(t);
    if (/bị loại/i.test(t)) elim.push({ id: `E${elim.length + 1}`, vi: t, criterionId: n.id });
  };

  for (const raw0 of block.lines.slice(1)) {
    let raw = raw0.trimEnd();
    const fix = FIXES.find((f) => f.set === block.id && f.row === raw);
    if (fix) {
      used.add(fix);
      raw = fix.replace;
      notes.push(fix.why);
    }
    const flag = FLAGS.find((f) => f.set === block.id && f.row === raw);
    // A flagged row printed twice in a set (set 19 prints the trademark row under 2.3 and 3.5) is noted once.
    if (flag && !used.has(flag)) {
      used.add(flag);
      notes.push(flag.why);
    }
    if (!raw.trim()) continue;
    if (!classification && raw.trim().startsWith("(")) {
      classification = raw.trim();
      continue;
    }
    if (/^(Hồ sơ bị loại khi|Bị loại khi):/.test(raw)) {
      const t = raw.trim();
      // Set 1 prints its header rule twice, word for word; one rule, not two.
      if (!seenElim.has(t)) {
        seenElim.add(t);
        elim.push({ id: `E${elim.length + 1}`, vi: t });
      }
      continue;
    }
    if (raw.startsWith("Ghi chú: Dấu sao")) {
      starLegend = raw.trim();
      continue;
    }
    if (!raw.startsWith("|")) continue; // form fields (product name, code, address), signature lines
    const cells = raw.split("|").slice(1, -1).map((c) => c.trim());
    const text = cells[0] ?? "";
    const pts = cells[1] ?? "";
    if (!text && /Người đánh giá/.test(pts)) continue;
    if (text === "Các tiêu chí") continue;

    const part = /^(?:Phần|PHẦN) ([ABC])\b:?\s*(.*)$/.exec(text);
    if (part) {
      const id = part[1] as "A" | "B" | "C";
      const stated = /\((\d+) Điểm\)/.exec(part[2]!);
      const titleVi = part[2]!.replace(/\s*\(\d+ Điểm\)\s*$/, "").trim();
      const max = Number(pts);
      if (stated && Number(stated[1]) !== max) {
        notes.push(
          `Part ${id}: heading says "(${stated[1]} Điểm)" but the points column says ${max}; the criteria add up to the column, and Art. 3.1 gives Part ${id} ${max} points, so ${max} is used.`,
        );
      }
      parts.push({ id, title: { vi: titleVi, en: PART_TITLES_EN[id] }, maxPoints: max, criteria: [] });
      stack = [];
      continue;
    }
    if (text === "TỔNG CỘNG") {
      total = Number(pts);
      continue;
    }

    const numbered = /^(\d+(?:\.\d+)*)\.?\s+(.*)$/.exec(text);
    if (numbered && pts !== "") {
      const id = numbered[1]!;
      let title = numbered[2]!.trim();
      const depth = id.split(".").length;
      const node: CriterionNode = { id, title, maxPoints: Number(pts) };
      if (Number.isNaN(node.maxPoints)) throw new Error(`set ${block.id}: bad points ${JSON.stringify(pts)} on ${id}`);
      const req = /^(.*?)\s*Yêu cầu:\s*(.*)$/.exec(title);
      if (req) {
        node.title = title = req[1]!.trim();
        node.requirement = req[2]!.trim();
      }
      if (depth === 1) {
        const en = TITLE_EN.find(([re]) => re.test(title));
        if (en) node.titleEn = en[1];
        const p = parts[parts.length - 1];
        if (!p) throw new Error(`set ${block.id}: criterion ${id} before any part`);
        p.criteria.push(node);
        stack = [node];
      } else {
        const parent = stack[depth - 2];
        if (!parent || !id.startsWith(parent.id + ".")) throw new Error(`set ${block.id}: ${id} has no parent (open: ${stack.map((s) => s.id).join(" ")})`);
        (parent.subCriteria ??= []).push(node);
        stack = [...stack.slice(0, depth - 1), node];
      }
      currentGroup = undefined;
      continue;
    }

    // "□" is the printed box; set 7 has one option typed with "o" instead.
    const opt = /^[□o]\s+(.*)$/.exec(text);
    if (opt && pts !== "") {
      const n = current();
      if (!n) throw new Error(`set ${block.id}: option outside a criterion: ${text}`);
      if (opt[0].startsWith("o ")) notes.push(`${n.id}: one option is printed with "o" instead of "□"; read as an option.`);
      const s = starsOf(opt[1]!);
      const o: RubricOption = { id: "", text: s.text, points: Number(pts) };
      if (s.minStar) o.minStar = s.minStar;
      if (currentGroup) o.group = currentGroup;
      (n.options ??= []).push(o);
      // Sets 21 and 22 print the item's note in the same cell as the option, after the star marks.
      if (s.trailer) {
        notes.push(`${n.id}: the note "${s.trailer}" is printed inside the last option's cell; moved to the item's notes.`);
        addNote(s.trailer);
      }
      continue;
    }

    if (pts !== "") throw new Error(`set ${block.id}: unrecognised scored row: ${raw}`);
    const req = /^Yêu cầu:\s*(.*)$/.exec(text);
    if (req) {
      const n = current()!;
      if (n.requirement) throw new Error(`set ${block.id}: second requirement on ${n.id}`);
      n.requirement = req[1]!.trim();
      continue;
    }
    const group = /^([a-z])\.\s+(Trường hợp .*)$/.exec(text);
    if (group) {
      const n = current()!;
      currentGroup = group[1]!;
      (n.optionGroups ??= []).push({ id: currentGroup, title: group[2]!.trim() });
      continue;
    }
    addNote(text);
  }

  // Ids: options are lettered in printed order within their item.
  const letter = (i: number) => String.fromCharCode(97 + i);
  const finish = (n: CriterionNode) => {
    if (!n.options && !n.subCriteria) {
      // Printed with its points but no options: a yes/no item.
      n.options = [
        { id: "", text: "Không", points: 0, implied: true },
        { id: "", text: "Có", points: n.maxPoints, implied: true },
      ];
      notes.push(`${n.id}: printed without options (a yes/no item); options "Không" (0) and "Có" (${n.maxPoints}) supplied.`);
    }
    n.options?.forEach((o, i) => (o.id = `${n.id}.${letter(i)}`));
    n.subCriteria?.forEach(finish);
  };
  for (const p of parts) p.criteria.forEach(finish);
  applyRules(block.id, parts);

  const anyStar = parts.some((p) => p.criteria.some(function starred(n: CriterionNode): boolean {
    return (n.options ?? []).some((o) => o.minStar !== undefined) || (n.subCriteria ?? []).some(starred);
  }));
  if (anyStar && starLegend === null) {
    notes.push(
      "The sheet marks some options with star signs but prints no legend for them; they are read with the legend every other sheet of Annex II prints (\"Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao\").",
    );
  }

  if (total === null) throw new Error(`set ${block.id}: no total row`);
  const file: RubricFile = {
    version: VERSION,
    legalBasis: {
      vi: "Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ, Phụ lục II",
      en: "Prime Minister's Decision No. 26/2026/QĐ-TTg of 22 May 2026, Annex II",
    },
    // Art. 11.1: "Quyết định này có hiệu lực thi hành từ ngày 22 tháng 5 năm 2026" (the day it was signed).
    effectiveFrom: "2026-05-22",
    effectiveTo: null,
    setId: block.id,
    title: { vi: block.heading, en: meta.title.en },
    classification,
    starLegend,
    eliminationRules: elim,
    parts,
    totalPoints: total,
  };
  if (notes.length) file.transcriptionNotes = notes;
  return file;
}

function main() {
  const [src, flag] = process.argv.slice(2);
  if (!src) {
    console.error("usage: npx tsx scripts/build-rubrics.ts /path/to/qd-26-2026-ttg.txt [--check]");
    process.exit(2);
  }
  const blocks = cut(readFileSync(src, "utf8"));
  if (blocks.map((b) => b.id).join(",") !== CRITERIA_SETS.map((s) => s.id).join(",")) {
    throw new Error(`expected sets ${CRITERIA_SETS.map((s) => s.id).join(",")}, found ${blocks.map((b) => b.id).join(",")}`);
  }
  let bad = 0;
  mkdirSync(OUT_DIR, { recursive: true });
  for (const b of blocks) {
    const file = parseSet(b);
    const problems = validateRubric(file);
    for (const p of problems) console.error(`set ${b.id}: ${p}`);
    bad += problems.length;
    const path = `${OUT_DIR}set-${String(b.id).padStart(2, "0")}.json`;
    const json = JSON.stringify(file, null, 2) + "\n";
    if (flag === "--check") {
      if (!existsSync(path) || readFileSync(path, "utf8") !== json) {
        console.error(`set ${b.id}: ${path} differs from the generated data`);
        bad++;
      }
    } else {
      writeFileSync(path, json);
    }
    for (const n of file.transcriptionNotes ?? []) console.log(`set ${b.id}: note: ${n}`);
  }
  for (const f of [...FIXES, ...FLAGS]) {
    if (!used.has(f)) {
      console.error(`set ${f.set}: expected row not found: ${f.row}`);
      bad++;
    }
  }
  if (bad) process.exit(1);
}

main();
