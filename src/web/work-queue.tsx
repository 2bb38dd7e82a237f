import type { ServiceCtx } from "../http/service-ctx.js";
import { type Bilingual, type Locale, formatNumber } from "../lib/i18n.js";
import { t } from "./layout.js";

/**
 * What waits for a signed-in person now, as each area counts it (issue 16's work queue): a count of records that
 * need this person's step, with the link to the list filtered to exactly those records. Each area's door offers
 * a `WorkCounter`; the home page asks them all and shows the non-zero ones. A count is always that of the list it
 * links to, so the two cannot disagree.
 */
export type WaitingWork = { href: string; label: Bilingual; count: number; tone?: "warn" | "bad" };
export type WorkCounter = (ctx: ServiceCtx) => Promise<WaitingWork[]>;

/** The home page's "waiting for you" list. */
export function WaitingList({ items, locale: L }: { items: readonly WaitingWork[]; locale: Locale }) {
  if (!items.length) return <p class="empty">{t(L, { vi: "Không có việc nào đang chờ bạn.", en: "Nothing is waiting for you." })}</p>;
  return (
    <ul class="queue">
      {items.map((w) => (
        <li class={w.tone ? `queue-${w.tone}` : undefined}>
          <a href={w.href}>
            <strong class="count">{formatNumber(w.count)}</strong> {t(L, w.label)}
          </a>
        </li>
      ))}
    </ul>
  );
}
