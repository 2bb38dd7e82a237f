import { formatDate } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";

export type NoticeItem = { id: number; kind: string; certificateId: number | null; vi: string; en: string; createdAt: string };

/** A person's notices (re-evaluation window, expiry, suspension, revocation), newest first. */
export function noticesPage(p: Frame & { notices: NoticeItem[] }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Thông báo", en: "Notices" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.notices.length === 0 ? <p class="empty">{t(L, { vi: "Bạn chưa có thông báo nào.", en: "You have no notices." })}</p> : null}
      <ul class="notices">
        {p.notices.map((n) => (
          <li>
            <strong>{formatDate(new Date(n.createdAt))}</strong> — {L === "vi" ? n.vi : n.en}{" "}
            {n.certificateId ? <a href={`/c/${n.certificateId}`}>{t(L, { vi: `Giấy chứng nhận số ${n.certificateId} →`, en: `Certificate no. ${n.certificateId} →` })}</a> : null}
          </li>
        ))}
      </ul>
    </Layout>,
  );
}
