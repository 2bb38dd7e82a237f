import type { Grant, Principal } from "../../../domain/principal.js";
import { type Bilingual, formatDateTime, type Locale } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { ROLE_LABELS } from "../../../web/role-labels.js";
import { tasksFor } from "../../../web/nav.js";
import { WaitingList, type WaitingWork } from "../../../web/work-queue.js";
import { actionLabel, subjectOf, type AuditRecord } from "../../audit/index.js";

export type WorkQueue = { waiting: WaitingWork[]; recent: AuditRecord[] };
import { OverdueTasksCard, type OverdueTasks } from "../../tasks/index.js";

export type ScopeNames = { units: Map<number, string>; producers: Map<number, string>; retail: Map<number, string>; agencies: Map<number, string> };
/** Work with a date on it that the user should see first (a monthly report due soon or overdue). */
export type HomeAlert = { href: string; label: Bilingual; tone: "warn" | "bad" | "info" };

function Alerts({ alerts, locale: L }: { alerts: HomeAlert[]; locale: Locale }) {
  if (!alerts.length) return null;
  return (
    <section class="notice warn" role="status" aria-label={t(L, { vi: "Việc cần làm có hạn", en: "Work with a deadline" })}>
      <ul>
        {alerts.map((a) => (
          <li data-tone={a.tone}>
            <a href={a.href}>{t(L, a.label)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}


function scopeOf(g: Grant, names: ScopeNames, L: Locale): string {
  if (g.unitId !== undefined) return names.units.get(g.unitId) ?? t(L, { vi: `Đơn vị #${g.unitId}`, en: `Unit #${g.unitId}` });
  if (g.producerId !== undefined) return names.producers.get(g.producerId) ?? t(L, { vi: `Chủ thể #${g.producerId}`, en: `Producer #${g.producerId}` });
  if (g.retailPointId !== undefined) return names.retail.get(g.retailPointId) ?? t(L, { vi: `Điểm bán #${g.retailPointId}`, en: `Point of sale #${g.retailPointId}` });
  if (g.agencyId !== undefined) return names.agencies.get(g.agencyId) ?? t(L, { vi: `Cơ quan #${g.agencyId}`, en: `Agency #${g.agencyId}` });
  return t(L, { vi: "Toàn hệ thống", en: "Whole system" });
}

// One language per page (issue 16): the role's name in the page's language only, no English subtitle.
function RoleCard({ grant, scope, locale: L }: { grant: Grant; scope: string; locale: Locale }) {
  return (
    <section class="card role" data-role={grant.role}>
      <h2>{t(L, ROLE_LABELS[grant.role])}</h2>
      <p>
        {t(L, { vi: "Phạm vi", en: "Scope" })}: <strong>{scope}</strong>
      </p>
      <h3>{t(L, { vi: "Việc bạn làm được ngay", en: "What you can do now" })}</h3>
      <ul>
        {tasksFor(grant.role).map((p) => (
          <li>
            <a href={p.href}>{t(L, p.label)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What waits for me now (counts linking to the filtered lists) and what I did last. */
function Queue({ queue, principal, locale: L }: { queue: WorkQueue; principal: Principal; locale: Locale }) {
  return (
    <div class="cards">
      <section class="card" id="waiting">
        <h2>{t(L, { vi: "Việc đang chờ bạn", en: "Waiting for you" })}</h2>
        <WaitingList items={queue.waiting} locale={L} />
      </section>
      {queue.recent.length ? (
        <section class="card" id="recent">
          <h2>{t(L, { vi: "Bạn làm gần đây", en: "What you did last" })}</h2>
          <ul>
            {queue.recent.map((r) => {
              const s = subjectOf(r, principal, L);
              return (
                <li>
                  <time datetime={r.at.toISOString()}>{formatDateTime(r.at)}</time> · {t(L, actionLabel(r.action))}
                  {" · "}
                  {s.href ? <a href={s.href}>{s.text}</a> : s.text}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function RoleHome({ principal, names, locale: L }: { principal: Principal; names: ScopeNames; locale: Locale }) {
  if (principal.grants.length === 0) {
    return (
      <div class="notice">
        <p>
          {t(L, {
            vi: "Tài khoản của bạn chưa được giao vai trò nào. Hãy liên hệ Văn phòng Điều phối nông thôn mới tỉnh để được cấp quyền.",
            en: "Your account holds no role yet. Ask the provincial coordination office to grant you one.",
          })}
        </p>
        <p>
          <a href="/units">{t(L, { vi: "Tra cứu đơn vị hành chính", en: "Browse administrative units" })}</a>
        </p>
      </div>
    );
  }
  return (
    <div class="cards">
      {principal.grants.map((g) => (
        <RoleCard grant={g} scope={scopeOf(g, names, L)} locale={L} />
      ))}
    </div>
  );
}

function Landing({ locale: L }: { locale: Locale }) {
  return (
    <>
      <p class="lead">
        {t(L, {
          vi: "Hệ thống quản lý Chương trình Mỗi xã một sản phẩm (OCOP) của tỉnh Hà Tĩnh: từ ý tưởng sản phẩm, phương án kinh doanh, hồ sơ, chấm điểm và phân hạng sao, đến chứng nhận và tem truy xuất QR.",
          en: "The registry of Hà Tĩnh province's One Commune One Product (OCOP) programme: from product ideas, business plans and dossiers to scoring, star ratings, certificates and QR traceability stamps.",
        })}
      </p>
      <div class="cards">
        <section class="card">
          <h2>{t(L, { vi: "Dành cho cán bộ và chủ thể", en: "For officials and producers" })}</h2>
          <p>
            {t(L, {
              vi: "Cán bộ xã, huyện, tỉnh, thành viên hội đồng, đoàn kiểm tra, chủ thể OCOP và điểm bán đăng nhập bằng tài khoản được cấp.",
              en: "Commune, district and provincial officials, council members, inspectors, OCOP producers and points of sale sign in with the account they were given.",
            })}
          </p>
          <p>
            <a class="button" href="/login">
              {t(L, { vi: "Đăng nhập", en: "Sign in" })}
            </a>
          </p>
        </section>
        <section class="card">
          <h2>{t(L, { vi: "Tra cứu công khai", en: "Public information" })}</h2>
          <ul>
            <li>
              <a href="/registry">{t(L, { vi: "Sổ sản phẩm OCOP: sản phẩm được công nhận, hạng sao, giấy chứng nhận", en: "OCOP register: certified products, stars, certificates" })}</a>
            </li>
            <li>
              <a href="/units">{t(L, { vi: "Danh mục đơn vị hành chính tỉnh Hà Tĩnh", en: "Administrative units of Hà Tĩnh" })}</a>
            </li>
            <li>
              <a href="/api/docs">{t(L, { vi: "Tài liệu API cho hệ thống kết nối", en: "API reference for connected systems" })}</a>
            </li>
          </ul>
          <p>
            {t(L, {
              vi: "Kiểm tra tem: quét mã QR trên tem bằng máy ảnh điện thoại; trang mở ra cho biết tem thật hay giả và giấy chứng nhận còn hiệu lực hay không.",
              en: "Checking a stamp: scan its QR code with a phone's camera; the page that opens says whether the stamp is genuine and the certificate valid.",
            })}
          </p>
        </section>
      </div>
    </>
  );
}

/** The landing page for a visitor, or the home of a signed-in user: one card per role held, with its tasks. */
export function homePage({ names, queue, overdue, alerts = [], ...frame }: PublicFrame & { names?: ScopeNames | undefined; queue?: WorkQueue | undefined; overdue?: OverdueTasks | undefined; alerts?: HomeAlert[] }): string {
  const L = frame.locale;
  const { principal } = frame;
  if (!principal) {
    return renderPage(
      <Layout title={{ vi: "Sản phẩm OCOP Hà Tĩnh", en: "Hà Tĩnh OCOP products" }} {...frame}>
        <Landing locale={L} />
      </Layout>,
    );
  }
  return renderPage(
    <Layout title={{ vi: `Xin chào, ${principal.displayName}`, en: `Welcome, ${principal.displayName}` }} {...frame}>
      <Alerts alerts={alerts} locale={L} />
      {queue && principal.grants.length ? <Queue queue={queue} principal={principal} locale={L} /> : null}
      {overdue ? <OverdueTasksCard overdue={overdue} locale={L} /> : null}
      <RoleHome principal={principal} names={names!} locale={L} />
    </Layout>,
  );
}
