import { type Bilingual, formatDateTime, type Locale } from "../../../lib/i18n.js";
import type { AppError, FieldError } from "../../../lib/problem.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { ROLE_LABELS } from "../../../web/role-labels.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import type { AssignmentView, UnitOption, UserList, UserView } from "../inputs.js";
import { ROLES } from "../../../domain/roles.js";

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã tạo tài khoản. Hãy cấp vai trò cho người dùng.", en: "Account created. Now grant the user a role." },
  granted: { vi: "Đã cấp vai trò.", en: "Role granted." },
  revoked: { vi: "Đã thu hồi vai trò.", en: "Role revoked." },
  disabled: { vi: "Đã vô hiệu hóa tài khoản và kết thúc mọi phiên đăng nhập.", en: "Account disabled and all its sessions ended." },
};

export function scopeLabel(a: AssignmentView, L: Locale): string {
  if (a.unitId !== null) return a.unitName ?? t(L, { vi: `Đơn vị #${a.unitId}`, en: `Unit #${a.unitId}` });
  if (a.producerId !== null) return a.producerName ?? t(L, { vi: `Chủ thể #${a.producerId}`, en: `Producer #${a.producerId}` });
  if (a.agencyId !== null) return a.agencyName ?? t(L, { vi: `Cơ quan #${a.agencyId}`, en: `Agency #${a.agencyId}` });
  return a.retailPointName ?? t(L, { vi: `Điểm bán #${a.retailPointId}`, en: `Point of sale #${a.retailPointId}` });
}

const statusLabel = (u: UserView, L: Locale) =>
  u.disabledAt ? t(L, { vi: "Đã vô hiệu hóa", en: "Disabled" }) : t(L, { vi: "Đang hoạt động", en: "Active" });

export type CreateFormValues = { username?: string; displayName?: string; email?: string; locale?: string };

export function usersListPage(p: Frame & {
  list: UserList;
  query: { q?: string | undefined; status: string };
  canManage: boolean;
  error?: AppError | undefined;
  values?: CreateFormValues;
}): string {
  const L = p.locale;
  const v = p.values ?? {};
  const invalid = (path: string) => (fieldErr(p.error, path) ? "true" : undefined);
  return renderPage(
    <Layout title={{ vi: "Người dùng", en: "Users" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/admin/users" class="filters" role="search">
        <label for="q">{t(L, { vi: "Tìm theo tên, tên đăng nhập hoặc email", en: "Search by name, username or email" })}</label>
        <input id="q" name="q" type="search" value={p.query.q ?? ""} maxlength={100} />
        <label for="status">{t(L, { vi: "Trạng thái", en: "Status" })}</label>
        <select id="status" name="status">
          {(["all", "active", "disabled"] as const).map((s) => (
            <option value={s} selected={p.query.status === s}>
              {t(L, { all: { vi: "Tất cả", en: "All" }, active: { vi: "Đang hoạt động", en: "Active" }, disabled: { vi: "Đã vô hiệu hóa", en: "Disabled" } }[s])}
            </option>
          ))}
        </select>
        <button type="submit">{t(L, { vi: "Tìm", en: "Search" })}</button>
      </form>
      <p class="sub">{t(L, { vi: `${p.list.total} người dùng`, en: `${p.list.total} users` })}</p>
      {p.list.items.length === 0 ? (
        <p class="empty">{t(L, { vi: "Không có người dùng nào.", en: "No users." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(L, { vi: "Tên đăng nhập", en: "Username" })}</th>
                <th scope="col">{t(L, { vi: "Họ và tên", en: "Full name" })}</th>
                <th scope="col">{t(L, { vi: "Vai trò", en: "Roles" })}</th>
                <th scope="col">{t(L, { vi: "Trạng thái", en: "Status" })}</th>
              </tr>
            </thead>
            <tbody>
              {p.list.items.map((u) => (
                <tr>
                  <td>
                    <a href={`/admin/users/${encodeURIComponent(u.id)}`}>{u.username}</a>
                  </td>
                  <td>{u.displayName}</td>
                  <td>
                    {u.roles.length === 0
                      ? t(L, { vi: "Chưa có", en: "None" })
                      : u.roles.map((a) => `${t(L, ROLE_LABELS[a.role])} — ${scopeLabel(a, L)}`).join("; ")}
                  </td>
                  <td>{statusLabel(u, L)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.canManage ? (
        <section class="card">
          <h2 id="create">{t(L, { vi: "Tạo tài khoản", en: "Create an account" })}</h2>
          <Problem error={p.error} locale={L} />
          <form method="post" action="/admin/users">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="username">{t(L, { vi: "Tên đăng nhập", en: "Username" })}</label>
            <input id="username" name="username" required maxlength={64} autocomplete="off" autocapitalize="none" value={v.username ?? ""} aria-invalid={invalid("username")} />
            <FieldMessage error={p.error} path="username" locale={L} />
            <label for="displayName">{t(L, { vi: "Họ và tên", en: "Full name" })}</label>
            <input id="displayName" name="displayName" required maxlength={200} value={v.displayName ?? ""} aria-invalid={invalid("displayName")} />
            <FieldMessage error={p.error} path="displayName" locale={L} />
            <label for="email">{t(L, { vi: "Email (không bắt buộc)", en: "Email (optional)" })}</label>
            <input id="email" name="email" type="email" maxlength={254} value={v.email ?? ""} aria-invalid={invalid("email")} />
            <FieldMessage error={p.error} path="email" locale={L} />
            <label for="password">{t(L, { vi: "Mật khẩu ban đầu (tối thiểu 10 ký tự)", en: "Initial password (at least 10 characters)" })}</label>
            <input id="password" name="password" type="password" required minlength={10} maxlength={1024} autocomplete="new-password" aria-invalid={invalid("password")} />
            <FieldMessage error={p.error} path="password" locale={L} />
            <label for="locale">{t(L, { vi: "Ngôn ngữ", en: "Language" })}</label>
            <select id="locale" name="locale">
              <option value="vi" selected={v.locale !== "en"}>
                Tiếng Việt
              </option>
              <option value="en" selected={v.locale === "en"}>
                English
              </option>
            </select>
            <p>
              <button type="submit">{t(L, { vi: "Tạo tài khoản", en: "Create account" })}</button>
            </p>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

const SCOPE_HELP: Bilingual = {
  vi: "Quản trị hệ thống và Văn phòng Điều phối: chọn đơn vị cấp tỉnh. Cấp huyện: đơn vị cấp huyện. Cán bộ xã: đơn vị cấp xã. Hội đồng và Đoàn kiểm tra: cấp tỉnh hoặc huyện. Chủ thể OCOP: nhập mã chủ thể. Điểm bán: nhập mã điểm bán. Cán bộ sở, ngành: nhập mã cơ quan (trang Cơ quan, đơn vị).",
  en: "System administrator and provincial office: pick a province unit. District office: a district. Commune officer: a commune. Council member and inspector: a province or district. Producer: enter the producer id. Point of sale: enter the retail point id. Agency staff: enter the agency id (the Agencies page).",
};

export type GrantFormValues = { role?: string; unitId?: string; producerId?: string; retailPointId?: string; agencyId?: string };

export function userDetailPage(p: Frame & {
  user: UserView;
  canManage: boolean;
  units: UnitOption[];
  done?: string | undefined;
  error?: AppError | undefined;
  values?: GrantFormValues;
}): string {
  const L = p.locale;
  const u = p.user;
  const v = p.values ?? {};
  const base = `/admin/users/${encodeURIComponent(u.id)}`;
  const active = u.roles.filter((a) => !a.revokedAt);
  const revoked = u.roles.filter((a) => a.revokedAt);
  const manage = p.canManage && !u.disabledAt;
  return renderPage(
    <Layout title={{ vi: `Người dùng ${u.username}`, en: `User ${u.username}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/admin/users">{t(L, { vi: "← Danh sách người dùng", en: "← All users" })}</a>
      </p>
      <Notice notices={NOTICES} done={p.done} locale={L} />
      <section class="card">
        <dl>
          <dt>{t(L, { vi: "Họ và tên", en: "Full name" })}</dt>
          <dd>{u.displayName}</dd>
          <dt>{t(L, { vi: "Tên đăng nhập", en: "Username" })}</dt>
          <dd>{u.username}</dd>
          <dt>Email</dt>
          <dd>{u.email ?? "—"}</dd>
          <dt>{t(L, { vi: "Tạo lúc", en: "Created" })}</dt>
          <dd>{formatDateTime(new Date(u.createdAt))}</dd>
          <dt>{t(L, { vi: "Trạng thái", en: "Status" })}</dt>
          <dd>
            {statusLabel(u, L)}
            {u.disabledAt ? ` (${formatDateTime(new Date(u.disabledAt))})` : ""}
          </dd>
        </dl>
      </section>
      <h2>{t(L, { vi: "Vai trò đang có", en: "Current roles" })}</h2>
      {active.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có vai trò nào.", en: "No roles yet." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(L, { vi: "Vai trò", en: "Role" })}</th>
                <th scope="col">{t(L, { vi: "Phạm vi", en: "Scope" })}</th>
                <th scope="col">{t(L, { vi: "Cấp lúc", en: "Granted" })}</th>
                {manage ? <th scope="col">{t(L, { vi: "Thao tác", en: "Action" })}</th> : null}
              </tr>
            </thead>
            <tbody>
              {active.map((a) => (
                <tr>
                  <td>{t(L, ROLE_LABELS[a.role])}</td>
                  <td>{scopeLabel(a, L)}</td>
                  <td>{formatDateTime(new Date(a.grantedAt))}</td>
                  {manage ? (
                    <td>
                      <form method="post" action={`${base}/roles/${a.id}/revoke`} class="inline">
                        <input type="hidden" name="_csrf" value={p.csrfToken} />
                        <button type="submit" class="secondary">
                          {t(L, { vi: "Thu hồi", en: "Revoke" })}
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoked.length > 0 ? (
        <details>
          <summary>{t(L, { vi: `Vai trò đã thu hồi (${revoked.length})`, en: `Revoked roles (${revoked.length})` })}</summary>
          <ul>
            {revoked.map((a) => (
              <li>
                {`${t(L, ROLE_LABELS[a.role])} — ${scopeLabel(a, L)} — ${t(L, { vi: "thu hồi lúc", en: "revoked" })} ${formatDateTime(new Date(a.revokedAt!))}`}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {manage ? (
        <section class="card">
          <h2 id="grant">{t(L, { vi: "Cấp vai trò", en: "Grant a role" })}</h2>
          <Problem error={p.error} locale={L} />
          <form method="post" action={`${base}/roles`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="role">{t(L, { vi: "Vai trò", en: "Role" })}</label>
            <select id="role" name="role" required>
              {ROLES.map((r) => (
                <option value={r} selected={v.role === r}>
                  {t(L, ROLE_LABELS[r])}
                </option>
              ))}
            </select>
            <p class="sub" id="scope-help">
              {t(L, SCOPE_HELP)}
            </p>
            <label for="unitId">{t(L, { vi: "Đơn vị hành chính", en: "Administrative unit" })}</label>
            <select id="unitId" name="unitId" aria-describedby="scope-help" aria-invalid={fieldErr(p.error, "unitId") ? "true" : undefined}>
              <option value="">{t(L, { vi: "— không chọn —", en: "— none —" })}</option>
              {p.units.map((unit) => (
                <option value={String(unit.id)} selected={v.unitId === String(unit.id)}>
                  {"\u00a0\u00a0".repeat(unit.depth) + unit.name}
                </option>
              ))}
            </select>
            <FieldMessage error={p.error} path="unitId" locale={L} />
            <label for="producerId">{t(L, { vi: "Mã chủ thể OCOP", en: "Producer id" })}</label>
            <input id="producerId" name="producerId" inputmode="numeric" pattern="[0-9]*" value={v.producerId ?? ""} aria-invalid={fieldErr(p.error, "producerId") ? "true" : undefined} />
            <FieldMessage error={p.error} path="producerId" locale={L} />
            <label for="retailPointId">{t(L, { vi: "Mã điểm bán", en: "Retail point id" })}</label>
            <input id="retailPointId" name="retailPointId" inputmode="numeric" pattern="[0-9]*" value={v.retailPointId ?? ""} aria-invalid={fieldErr(p.error, "retailPointId") ? "true" : undefined} />
            <FieldMessage error={p.error} path="retailPointId" locale={L} />
            <label for="agencyId">{t(L, { vi: "Mã cơ quan, đơn vị (sở, ngành…)", en: "Agency id" })}</label>
            <input id="agencyId" name="agencyId" inputmode="numeric" pattern="[0-9]*" value={v.agencyId ?? ""} aria-invalid={fieldErr(p.error, "agencyId") ? "true" : undefined} />
            <FieldMessage error={p.error} path="agencyId" locale={L} />
            <p>
              <button type="submit">{t(L, { vi: "Cấp vai trò", en: "Grant role" })}</button>
            </p>
          </form>
        </section>
      ) : null}
      {manage && p.principal.userId !== u.id ? (
        <section class="card">
          <h2>{t(L, { vi: "Vô hiệu hóa tài khoản", en: "Disable the account" })}</h2>
          <p>
            {t(L, {
              vi: "Người dùng sẽ bị đăng xuất khỏi mọi thiết bị và không thể đăng nhập lại. Lịch sử thao tác vẫn được giữ.",
              en: "The user is signed out everywhere and cannot sign in again. Their history is kept.",
            })}
          </p>
          <form method="post" action={`${base}/disable`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <button type="submit" class="secondary">
              {t(L, { vi: "Vô hiệu hóa", en: "Disable" })}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

