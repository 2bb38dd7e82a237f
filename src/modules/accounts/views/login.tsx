import type { Bilingual, Locale } from "../../../lib/i18n.js";
import { Layout, renderPage, t } from "../../../web/layout.js";

export type LoginPageProps = {
  locale: Locale;
  csrfToken: string;
  next: string;
  username?: string;
  error?: { title: Bilingual; detail?: Bilingual | undefined } | undefined;
};

/** The sign-in form: a plain POST that works without JavaScript; on failure it comes back with the username kept. */
export function loginPage(p: LoginPageProps): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Đăng nhập", en: "Sign in" }} locale={L} principal={null} csrfToken={p.csrfToken} path="/login">
      {p.error ? (
        <div class="problem" role="alert" id="login-error">
          <p>
            <strong>{t(L, p.error.title)}</strong>
          </p>
          {p.error.detail ? <p>{t(L, p.error.detail)}</p> : null}
        </div>
      ) : null}
      <form method="post" action="/login" class="card" aria-describedby={p.error ? "login-error" : undefined}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        <label for="username">{t(L, { vi: "Tên đăng nhập", en: "Username" })}</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          maxlength={200}
          value={p.username ?? ""}
          autofocus={!p.username}
          aria-invalid={p.error ? "true" : undefined}
        />
        <label for="password">{t(L, { vi: "Mật khẩu", en: "Password" })}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength={1024}
          autofocus={!!p.username}
          aria-invalid={p.error ? "true" : undefined}
        />
        <p>
          <button type="submit">{t(L, { vi: "Đăng nhập", en: "Sign in" })}</button>
        </p>
      </form>
    </Layout>,
  );
}
