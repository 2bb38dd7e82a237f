import type { Bilingual, Locale } from "../lib/i18n.js";
import { type AppError, validationError } from "../lib/problem.js";
import { FieldMessage } from "./form-messages.js";
import { t } from "./layout.js";

/*
 * One picker for a record a form needs (a product, a producer, a unit, a person): a text field with a
 * <datalist> of "code — name" suggestions that the browser filters as one types, and the server resolves
 * what was typed (a code, a name, or a suggestion picked) to one record, so it works without JavaScript and a
 * person never types an internal id. An unknown or ambiguous entry is a field error naming the candidates.
 */

export type Pickable = { id: number | string; name: string; code?: string | null | undefined; hint?: string | null | undefined };

const SEP = " — ";
/** What a suggestion puts in the field: the code and the name, or the name alone. */
export const pickLabel = (c: Pickable) => (c.code ? `${c.code}${SEP}${c.name}` : c.name);
const norm = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

/** The words the server should search for: the code of a picked suggestion, or what was typed. */
export function pickQuery(typed: string): string {
  const s = typed.normalize("NFC").trim().replace(/\s+/g, " ");
  const at = s.indexOf(SEP.trim());
  return at > 0 ? s.slice(0, at).trim() : s;
}

export type PickWhat = { field: string; noun: Bilingual };

/**
 * The one record `typed` names among `candidates` (what a search for it found): an exact code or a picked
 * suggestion first, then an exact name, then the only candidate containing the words. Anything else is a 400
 * on `field`: nothing typed, nothing matching, or several matching (named, so the next try can be exact).
 */
export function resolvePick<C extends Pickable>(typed: string, candidates: readonly C[], what: PickWhat): C {
  const raw = norm(typed);
  const fail = (vi: string, en: string): never => {
    throw validationError([{ path: what.field, message: en, vi, en }]);
  };
  if (!raw) fail(`Chọn ${what.noun.vi}: gõ tên hoặc mã số rồi chọn trong danh sách.`, `Choose ${what.noun.en}: type its name or code and pick it from the list.`);
  const byLabel = candidates.filter((c) => norm(pickLabel(c)) === raw);
  if (byLabel.length === 1) return byLabel[0]!;
  const q = norm(pickQuery(typed));
  const byCode = candidates.filter((c) => c.code && norm(c.code) === q);
  if (byCode.length === 1) return byCode[0]!;
  const byName = candidates.filter((c) => norm(c.name) === q);
  if (byName.length === 1) return byName[0]!;
  const words = q.split(" ").filter(Boolean);
  const containing = byName.length > 1 ? byName : candidates.filter((c) => words.every((w) => norm(`${c.code ?? ""} ${c.name} ${c.hint ?? ""}`).includes(w)));
  if (containing.length === 1) return containing[0]!;
  if (containing.length === 0) fail(`Không tìm thấy ${what.noun.vi} "${typed.trim()}". Gõ tên hoặc mã số (ví dụ 42-18547-001-2026) và chọn trong danh sách.`, `No ${what.noun.en} matches "${typed.trim()}". Type its name or code (e.g. 42-18547-001-2026) and pick it from the list.`);
  const shown = containing.slice(0, 5).map((c) => (c.code ? `${c.name} (${c.code})` : c.hint ? `${c.name} (${c.hint})` : c.name));
  const more = containing.length > 5 ? "…" : "";
  return fail(
    `Có ${containing.length} ${what.noun.vi} khớp với "${typed.trim()}": ${shown.join("; ")}${more}. Chọn một trong danh sách hoặc gõ mã số.`,
    `${containing.length} match "${typed.trim()}": ${shown.join("; ")}${more}. Pick one from the list or type its code.`,
  );
}

/** The field: a label, a text input tied to its suggestions, a hint, and its error. */
export function Picker(p: { id: string; name: string; label: Bilingual; value: string; choices: readonly Pickable[]; locale: Locale; error: AppError | undefined; hint?: Bilingual; required?: boolean }) {
  const L = p.locale;
  const listId = `${p.id}-choices`;
  const invalid = !!p.error?.extra?.errors?.some((e) => e.path === p.name);
  return (
    <>
      <label for={p.id}>{t(L, p.label)}</label>
      <input
        id={p.id}
        name={p.name}
        type="text"
        list={listId}
        value={p.value}
        autocomplete="off"
        maxlength={300}
        required={p.required}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={invalid ? `${p.name}-error` : `${p.id}-hint`}
      />
      <datalist id={listId}>
        {p.choices.map((c) => (
          <option value={pickLabel(c)}>{c.hint ?? ""}</option>
        ))}
      </datalist>
      <p class="sub" id={`${p.id}-hint`}>
        {t(L, p.hint ?? { vi: "Gõ tên hoặc mã số rồi chọn trong danh sách gợi ý.", en: "Type the name or code and pick from the suggestions." })}
      </p>
      <FieldMessage error={p.error} path={p.name} locale={L} />
    </>
  );
}
