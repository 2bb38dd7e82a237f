import type { Bilingual, Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage } from "../../../web/form-messages.js";
import { t } from "../../../web/layout.js";

/* The form pieces the office's certification pages share. Plain forms, no JavaScript. */

export type Values = Record<string, string>;
/** The form that failed, the values it sent and why: re-rendered in place, the other forms keep their defaults. */
export type FailedForm = { form: string; values: Values; error: AppError };

export const stars = (n: number | null) => (n ? "★".repeat(n) : "—");

export function Field({ form, name, label, values, error, locale: L, type = "text", ...rest }: { form: string; name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={`${form}-${name}`}>{t(L, label)}</label>
      <input id={`${form}-${name}`} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

export function TextArea({ form, name, label, values, error, locale: L, ...rest }: { form: string; name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; [k: string]: unknown }) {
  return (
    <>
      <label for={`${form}-${name}`}>{t(L, label)}</label>
      <textarea id={`${form}-${name}`} name={name} {...rest}>
        {values[name] ?? ""}
      </textarea>
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}
/** The values and error of `form` if it is the one that failed, else its defaults and no error. */
export const formState = (failed: FailedForm | undefined, form: string, defaults: Values) => (failed?.form === form ? { v: failed.values, e: failed.error } : { v: defaults, e: undefined });

