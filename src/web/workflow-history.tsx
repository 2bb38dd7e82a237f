import { noteIn } from "../domain/successor.js";
import type { Child } from "hono/jsx";
import { type Bilingual, formatDateTime, type Locale } from "../lib/i18n.js";
import { t } from "./layout.js";
import { ROLE_LABELS } from "./role-labels.js";

export type HistoryEvent = { attempt: number; kind: string; at: string; actorName: string | null; actorRole: string | null; reason: string | null };

/**
 * A workflow record's history grouped by attempt ("Lần 1", "Lần 2"…): each step with when, who, in which role
 * and why. Every workflow page shows it the same way; `extra` adds what a workflow records beside the reason.
 */
export function WorkflowHistory<E extends HistoryEvent>(p: { events: E[]; locale: Locale; label: (kind: string) => Bilingual; extra?: (e: E) => Child }) {
  const L = p.locale;
  const attempts = [...new Set(p.events.map((e) => e.attempt))];
  return (
    <section class="card">
      <h2>{t(L, { vi: "Quá trình xử lý", en: "History" })}</h2>
      {attempts.map((n) => (
        <>
          <h3>{t(L, { vi: `Lần ${n}`, en: `Attempt ${n}` })}</h3>
          <ol>
            {p.events
              .filter((e) => e.attempt === n)
              .map((e) => (
                <li>
                  <strong>{t(L, p.label(e.kind))}</strong>
                  {` — ${formatDateTime(new Date(e.at))}`}
                  {e.actorName ? ` · ${e.actorName}` : ""}
                  {/* A separator, not parentheses: some role names carry their own ("Chủ thể OCOP (HTX, …)"). */}
                  {e.actorRole && e.actorRole in ROLE_LABELS ? <span class="sub">{` · ${t(L, ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS])}`}</span> : null}
                  {p.extra?.(e) ?? null}
                  {e.reason ? <div>{`${t(L, { vi: "Lý do", en: "Reason" })}: ${noteIn(e.reason, L)}`}</div> : null}
                </li>
              ))}
          </ol>
        </>
      ))}
    </section>
  );
}
