import type { Bilingual, Locale } from "../lib/i18n.js";
import type { AppError, FieldError } from "../lib/problem.js";
import { t } from "./layout.js";

/**
 * The error box at the top of a form: title, detail and every field message in the page's language, each said
 * once: a detail that only repeats a field message is dropped, and `beside` names fields whose message the
 * page shows under the field itself.
 */
export function Problem({ error, locale: L, beside = [] }: { error: AppError | undefined; locale: Locale; beside?: string[] }) {
  if (!error) return null;
  const say = (e: FieldError) => (L === "vi" ? e.vi : e.en);
  const all: FieldError[] = error.extra?.errors ?? [];
  const listed = all.filter((e) => !beside.includes(e.path));
  const detail = error.detail ? t(L, error.detail) : undefined;
  return (
    <div class="problem" role="alert" id="form-problem">
      <p>
        <strong>{t(L, error.title)}</strong>
      </p>
      {detail && !all.some((e) => say(e) === detail) ? <p>{detail}</p> : null}
      {listed.length ? (
        <ul>
          {listed.map((e) => (
            <li>{say(e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export const fieldErr = (error: AppError | undefined, path: string) => error?.extra?.errors?.find((e: FieldError) => e.path === path);

/** The message under one field, linked to it by id for screen readers. */
export function FieldMessage({ error, path, locale: L }: { error: AppError | undefined; path: string; locale: Locale }) {
  const e = fieldErr(error, path);
  return e ? (
    <p class="field-error" id={`${path}-error`}>
      {L === "vi" ? e.vi : e.en}
    </p>
  ) : null;
}

/** A success notice after a redirect (`?done=key`), from the page's own table of messages. */
export function Notice({ done, notices, locale: L }: { done: string | undefined; notices: Record<string, Bilingual>; locale: Locale }) {
  const m = done ? notices[done] : undefined;
  return m ? (
    <div class="notice ok" role="status">
      <p>{t(L, m)}</p>
    </div>
  ) : null;
}
