import { isLate, type CycleDeadlines, type DeadlineKey } from "../../../domain/cycle-deadlines.js";
import { IDEA_ACTION_LABELS, IDEA_STATE_LABELS, IDEA_TRANSITIONS, type IdeaAction, type IdeaState } from "../../../domain/idea-workflow.js";
import { whoActsNextOnIdea, type Level } from "../../../domain/level-chain.js";
import { type Bilingual, formatDate, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import type { IdeaView } from "../inputs.js";

// What the list and the idea's page both show of an idea's place in the workflow.

export const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lưu ý tưởng ở dạng nháp. Khi đã đủ thông tin, hãy bấm “Gửi đăng ký”.", en: "Idea saved as a draft. When it is complete, press “Submit the registration”." },
  updated: { vi: "Đã lưu phiếu đăng ký.", en: "Registration form saved." },
  attached: { vi: "Đã đính kèm tệp.", en: "File attached." },
  detached: { vi: "Đã gỡ tệp đính kèm.", en: "Attachment removed." },
  bulk: { vi: "Đã xử lý danh sách ý tưởng đã chọn.", en: "The selected ideas were processed." },
  ...Object.fromEntries(Object.entries(IDEA_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

const LEVEL_LABELS: Record<Level, Bilingual> = {
  producer: { vi: "Chủ thể", en: "Producer" },
  commune: { vi: "Cấp xã", en: "Commune" },
  district: { vi: "Cấp huyện", en: "District" },
  province: { vi: "Cấp tỉnh", en: "Province" },
};

/** The deadline an idea in `state` is waiting against (the next step's), if any. */
const WAITING_DEADLINE: Partial<Record<IdeaState, DeadlineKey>> = { draft: "registration", submitted: "communeList", commune_forwarded: "districtList", district_selected: "appraisal" };

const STATE_BADGE: Record<IdeaState, string> = {
  draft: "badge",
  submitted: "badge badge-info",
  commune_forwarded: "badge badge-info",
  district_selected: "badge badge-info",
  approved: "badge badge-ok",
  returned: "badge badge-warn",
  rejected: "badge badge-bad",
};

export const reasonRequired = (a: IdeaAction) => IDEA_TRANSITIONS.some((d) => d.action === a && d.reasonRequired);

export function StateBadge({ state, locale: L }: { state: IdeaState; locale: Locale }) {
  return <span class={STATE_BADGE[state]}>{t(L, IDEA_STATE_LABELS[state])}</span>;
}

export function NextStep({ idea, deadlines, now, locale: L }: { idea: IdeaView; deadlines: CycleDeadlines | undefined; now: Date; locale: Locale }) {
  const who = whoActsNextOnIdea(idea.state, idea.chain);
  if (!who) return <span class="sub">—</span>;
  const key = WAITING_DEADLINE[idea.state];
  const date = key && deadlines ? deadlines[key] : undefined;
  return (
    <>
      {t(L, LEVEL_LABELS[who])}
      {date ? (
        <span class={isLate(date, now) ? "badge badge-bad" : "sub"}>
          {" "}
          {t(L, { vi: `hạn ${formatDate(date)}`, en: `by ${formatDate(date)}` })}
          {isLate(date, now) ? ` — ${t(L, { vi: "quá hạn", en: "late" })}` : ""}
        </span>
      ) : null}
    </>
  );
}

