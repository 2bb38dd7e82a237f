import { type Bilingual, formatDate, formatDateTime, type Locale } from "../../../lib/i18n.js";
import type { AppError, FieldError } from "../../../lib/problem.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, Count, FilterForm, ListTable, Pager } from "../../../web/list-kit.js";
import { type CommuneGroup, GENDERS, type ProducerDetail, type ProducerList, type ProducerView } from "../inputs.js";
import { PRODUCER_KINDS } from "../schema.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";

export const KIND_LABELS: Record<(typeof PRODUCER_KINDS)[number], Bilingual> = {
  htx: { vi: "Hợp tác xã (HTX)", en: "Cooperative (HTX)" },
  tht: { vi: "Tổ hợp tác (THT)", en: "Cooperative group (THT)" },
  dn: { vi: "Doanh nghiệp (DN)", en: "Enterprise (DN)" },
  hkd: { vi: "Hộ sản xuất, kinh doanh (HKD)", en: "Household business (HKD)" },
};

const GENDER_LABELS: Record<(typeof GENDERS)[number], Bilingual> = {
  female: { vi: "Nữ", en: "Female" },
  male: { vi: "Nam", en: "Male" },
  other: { vi: "Khác", en: "Other" },
};

const NOTICES: Record<string, Bilingual> = {
  registered: { vi: "Đã đăng ký chủ thể. Bạn có thể thêm thành viên bên dưới.", en: "Producer registered. You can add its members below." },
  updated: { vi: "Đã lưu thông tin chủ thể.", en: "Producer details saved." },
  member: { vi: "Đã tạo tài khoản cho thành viên. Hãy gửi tên đăng nhập và mật khẩu ban đầu cho họ.", en: "Member account created. Give them the username and initial password." },
};

/** What the producer form holds, as typed (strings), so a rejected form comes back as it was sent. */
export type ProducerFormValues = Partial<Record<
  | "name"
  | "kind"
  | "taxCode"
  | "communeId"
  | "address"
  | "phone"
  | "email"
  | "representativeName"
  | "representativeGender"
  | "representativeEthnicity"
  | "registrationNumber"
  | "registrationDate"
  | "website"
  | "publicContacts",
  string
>>;

export function formValuesOf(p: ProducerView): ProducerFormValues {
  return {
    name: p.name,
    kind: p.kind,
    taxCode: p.taxCode ?? "",
    communeId: String(p.communeId),
    address: p.address,
    phone: p.phone ?? "",
    email: p.email ?? "",
    representativeName: p.representativeName ?? "",
    representativeGender: p.representativeGender ?? "",
    representativeEthnicity: p.representativeEthnicity ?? "",
    registrationNumber: p.registrationNumber ?? "",
    registrationDate: p.registrationDate ?? "",
    website: p.website ?? "",
    publicContacts: p.publicContacts ? "on" : "",
  };
}

function ProducerForm(p: { locale: Locale; csrfToken: string; action: string; submit: Bilingual; communes: CommuneGroup[]; values: ProducerFormValues; error: AppError | undefined }) {
  const L = p.locale;
  const v = p.values;
  const invalid = (path: string) => (fieldErr(p.error, path) ? "true" : undefined);
  const input = (name: keyof ProducerFormValues, label: Bilingual, attrs: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} value={v[name] ?? ""} aria-invalid={invalid(name)} aria-describedby={fieldErr(p.error, name) ? `${name}-error` : undefined} {...attrs} />
      <FieldMessage error={p.error} path={name} locale={L} />
    </>
  );
  return (
    <form method="post" action={p.action}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      <fieldset>
        <legend>{t(L, { vi: "Tổ chức", en: "Organisation" })}</legend>
        {input("name", { vi: "Tên chủ thể", en: "Name" }, { required: true, maxlength: 300 })}
        <label for="kind">{t(L, { vi: "Loại hình", en: "Kind" })}</label>
        <select id="kind" name="kind" required aria-invalid={invalid("kind")}>
          {PRODUCER_KINDS.map((k) => (
            <option value={k} selected={v.kind === k}>
              {t(L, KIND_LABELS[k])}
            </option>
          ))}
        </select>
        <FieldMessage error={p.error} path="kind" locale={L} />
        {input("taxCode", { vi: "Mã số thuế (bắt buộc với DN và HTX)", en: "Tax code (required for DN and HTX)" }, { inputmode: "numeric", maxlength: 20, autocomplete: "off" })}
        {input("registrationNumber", { vi: "Số giấy chứng nhận đăng ký kinh doanh / HTX", en: "Business / cooperative registration number" }, { maxlength: 50 })}
        {input("registrationDate", { vi: "Ngày cấp", en: "Date of issue" }, { type: "date" })}
      </fieldset>
      <fieldset>
        <legend>{t(L, { vi: "Trụ sở và liên hệ", en: "Seat and contacts" })}</legend>
        <label for="communeId">{t(L, { vi: "Xã, phường, thị trấn", en: "Commune, ward or town" })}</label>
        <select id="communeId" name="communeId" required aria-invalid={invalid("communeId")}>
          <option value="">{t(L, { vi: "— chọn —", en: "— choose —" })}</option>
          {p.communes.map((g) => (
            <optgroup label={g.label}>
              {g.communes.map((c) => (
                <option value={String(c.id)} selected={v.communeId === String(c.id)}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldMessage error={p.error} path="communeId" locale={L} />
        {input("address", { vi: "Địa chỉ (thôn, xóm, số nhà)", en: "Address (village, hamlet, house number)" }, { required: true, maxlength: 500 })}
        {input("phone", { vi: "Điện thoại", en: "Phone" }, { type: "tel", maxlength: 20, autocomplete: "tel" })}
        {input("email", { vi: "Email", en: "Email" }, { type: "email", maxlength: 254 })}
        {input("website", { vi: "Website", en: "Website" }, { type: "url", maxlength: 300 })}
        <label class="check">
          <input type="checkbox" name="publicContacts" value="on" checked={v.publicContacts === "on"} />{" "}
          {t(L, { vi: "Công khai điện thoại, email và website trên trang sản phẩm", en: "Show phone, email and website on the public product pages" })}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t(L, { vi: "Người đại diện theo pháp luật", en: "Legal representative" })}</legend>
        {input("representativeName", { vi: "Họ và tên", en: "Full name" }, { maxlength: 200 })}
        <label for="representativeGender">{t(L, { vi: "Giới tính", en: "Gender" })}</label>
        <select id="representativeGender" name="representativeGender" aria-invalid={invalid("representativeGender")}>
          <option value="">{t(L, { vi: "— không khai —", en: "— not given —" })}</option>
          {GENDERS.map((g) => (
            <option value={g} selected={v.representativeGender === g}>
              {t(L, GENDER_LABELS[g])}
            </option>
          ))}
        </select>
        <FieldMessage error={p.error} path="representativeGender" locale={L} />
        {input("representativeEthnicity", { vi: "Dân tộc", en: "Ethnicity" }, { maxlength: 50 })}
        <p class="sub">
          {t(L, {
            vi: "Giới tính và dân tộc của người đại diện được dùng khi chấm điểm (chủ thể do phụ nữ, người dân tộc thiểu số làm chủ).",
            en: "The representative's gender and ethnicity count in scoring (women- and minority-led producers).",
          })}
        </p>
      </fieldset>
      <p>
        <button type="submit">{t(L, p.submit)}</button>
      </p>
    </form>
  );
}

export function producersListPage(p: Frame & { list: ProducerList; query: { q?: string | undefined; kind?: string | undefined; communeId?: number | undefined; limit: number; offset: number }; communes: CommuneGroup[]; canRegister: boolean }): string {
  const L = p.locale;
  const values = { q: p.query.q, kind: p.query.kind, communeId: p.query.communeId ? String(p.query.communeId) : undefined, limit: p.query.limit !== 50 ? String(p.query.limit) : undefined };
  const columns: Column<ProducerList["items"][number]>[] = [
    { label: { vi: "Tên chủ thể", en: "Name" }, cell: (x) => <a href={`/producers/${x.id}`}>{x.name}</a> },
    { label: { vi: "Loại hình", en: "Kind" }, cell: (x) => <Badge tone="info" label={KIND_LABELS[x.kind]} locale={L} /> },
    { label: { vi: "Mã số thuế", en: "Tax code" }, cell: (x) => x.taxCode ?? "—" },
    { label: { vi: "Địa bàn", en: "Location" }, cell: (x) => (x.parentUnitName ? `${x.communeName}, ${x.parentUnitName}` : x.communeName) },
  ];
  return renderPage(
    <Layout title={{ vi: "Chủ thể OCOP", en: "OCOP producers" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.canRegister ? (
        <p>
          <a href="/producers/new">{t(L, { vi: "Đăng ký chủ thể mới", en: "Register a new producer" })}</a>
        </p>
      ) : null}
      <FilterForm
        action="/producers"
        locale={L}
        values={values}
        hidden={{ limit: values.limit }}
        fields={[
          { kind: "search", name: "q", label: { vi: "Tìm theo tên, mã số thuế hoặc địa chỉ", en: "Search by name, tax code or address" }, maxlength: 100 },
          { kind: "select", name: "kind", label: { vi: "Loại hình", en: "Kind" }, choices: PRODUCER_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })) },
          { kind: "select", name: "communeId", label: { vi: "Xã", en: "Commune" }, choices: p.communes.flatMap((g) => g.communes.map((c) => ({ value: String(c.id), label: `${c.name} (${g.label})` }))) },
        ]}
      />
      <Count total={p.list.total} noun={{ vi: "chủ thể", en: "producers" }} locale={L} />
      <ListTable columns={columns} rows={p.list.items} locale={L} empty={{ vi: "Không có chủ thể nào khớp trong phạm vi của bạn.", en: "No producer matches in your area." }} />
      <Pager base="/producers" values={values} total={p.list.total} limit={p.query.limit} offset={p.query.offset} locale={L} />
    </Layout>,
  );
}

export function registerProducerPage(p: Frame & { communes: CommuneGroup[]; values?: ProducerFormValues; error?: AppError | undefined; onBehalf: boolean }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Đăng ký chủ thể OCOP", en: "Register an OCOP producer" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        {t(
          L,
          p.onBehalf
            ? {
                vi: "Đăng ký thay cho chủ thể. Sau khi đăng ký, hãy tạo tài khoản cho người của chủ thể ở trang hồ sơ.",
                en: "Registering on the producer's behalf. Afterwards, create accounts for its people on the profile page.",
              }
            : {
                vi: "Hợp tác xã, tổ hợp tác, doanh nghiệp hoặc hộ sản xuất kinh doanh khai thông tin tổ chức. Tài khoản của bạn sẽ là thành viên đầu tiên của chủ thể.",
                en: "A cooperative, cooperative group, enterprise or household business enters its details. Your account becomes the producer's first member.",
              },
        )}
      </p>
      <section class="card">
        <Problem error={p.error} locale={L} />
        <ProducerForm locale={L} csrfToken={p.csrfToken} action="/producers/new" submit={{ vi: "Đăng ký", en: "Register" }} communes={p.communes} values={p.values ?? { kind: "htx" }} error={p.error} />
      </section>
    </Layout>,
  );
}

export type MemberFormValues = { username?: string; displayName?: string; email?: string; locale?: string };

export function producerPage(p: Frame & {
  producer: ProducerDetail;
  canManage: boolean;
  canManageMembers: boolean;
  communes: CommuneGroup[];
  done?: string | undefined;
  form?: "edit" | "member";
  error?: AppError | undefined;
  values?: ProducerFormValues;
  memberValues?: MemberFormValues;
}): string {
  const L = p.locale;
  const x = p.producer;
  const base = `/producers/${x.id}`;
  const m = p.memberValues ?? {};
  const memberError = p.form === "member" ? p.error : undefined;
  const editError = p.form === "edit" ? p.error : undefined;
  const row = (label: Bilingual, value: string | null | undefined) => (
    <>
      <dt>{t(L, label)}</dt>
      <dd>{value || "—"}</dd>
    </>
  );
  return renderPage(
    <Layout title={{ vi: x.name, en: x.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/producers">{t(L, { vi: "← Danh sách chủ thể", en: "← All producers" })}</a>
      </p>
      <Notice notices={NOTICES} done={p.done} locale={L} />
      <section class="card">
        <dl>
          {row({ vi: "Loại hình", en: "Kind" }, t(L, KIND_LABELS[x.kind]))}
          {row({ vi: "Mã số thuế", en: "Tax code" }, x.taxCode)}
          {row({ vi: "Giấy chứng nhận đăng ký", en: "Registration" }, x.registrationNumber ? `${x.registrationNumber}${x.registrationDate ? ` (${formatDate(x.registrationDate)})` : ""}` : null)}
          {row({ vi: "Địa chỉ", en: "Address" }, [x.address, x.communeName, x.parentUnitName].filter(Boolean).join(", "))}
          {row({ vi: "Điện thoại", en: "Phone" }, x.phone)}
          {row({ vi: "Email", en: "Email" }, x.email)}
          {row({ vi: "Website", en: "Website" }, x.website)}
          {row({ vi: "Công khai liên hệ", en: "Public contacts" }, t(L, x.publicContacts ? { vi: "Có", en: "Yes" } : { vi: "Không", en: "No" }))}
          {row({ vi: "Người đại diện", en: "Representative" }, [x.representativeName, x.representativeGender ? t(L, GENDER_LABELS[x.representativeGender]) : null, x.representativeEthnicity].filter(Boolean).join(" · "))}
          {row({ vi: "Cập nhật lúc", en: "Updated" }, formatDateTime(new Date(x.updatedAt)))}
        </dl>
      </section>
      <h2 id="members">{t(L, { vi: "Thành viên", en: "Members" })}</h2>
      {x.members.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có thành viên nào.", en: "No members yet." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(L, { vi: "Họ và tên", en: "Full name" })}</th>
                <th scope="col">{t(L, { vi: "Tên đăng nhập", en: "Username" })}</th>
                <th scope="col">{t(L, { vi: "Từ ngày", en: "Since" })}</th>
              </tr>
            </thead>
            <tbody>
              {x.members.map((mem) => (
                <tr>
                  <td>
                    {mem.displayName}
                    {mem.disabled ? ` (${t(L, { vi: "đã vô hiệu hóa", en: "disabled" })})` : ""}
                  </td>
                  <td>{mem.username}</td>
                  <td>{formatDateTime(new Date(mem.grantedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.canManageMembers ? (
        <section class="card">
          <h2 id="add-member">{t(L, { vi: "Thêm thành viên", en: "Add a member" })}</h2>
          <p class="sub">{t(L, { vi: "Tạo tài khoản cho người cùng chủ thể; họ đăng nhập bằng tên và mật khẩu này.", en: "Create an account for a colleague; they sign in with this username and password." })}</p>
          <Problem error={memberError} locale={L} />
          <form method="post" action={`${base}/members`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="m-username">{t(L, { vi: "Tên đăng nhập", en: "Username" })}</label>
            <input id="m-username" name="username" required maxlength={64} autocomplete="off" autocapitalize="none" value={m.username ?? ""} aria-invalid={fieldErr(memberError, "username") ? "true" : undefined} />
            <FieldMessage error={memberError} path="username" locale={L} />
            <label for="m-displayName">{t(L, { vi: "Họ và tên", en: "Full name" })}</label>
            <input id="m-displayName" name="displayName" required maxlength={200} value={m.displayName ?? ""} aria-invalid={fieldErr(memberError, "displayName") ? "true" : undefined} />
            <FieldMessage error={memberError} path="displayName" locale={L} />
            <label for="m-email">{t(L, { vi: "Email (không bắt buộc)", en: "Email (optional)" })}</label>
            <input id="m-email" name="email" type="email" maxlength={254} value={m.email ?? ""} aria-invalid={fieldErr(memberError, "email") ? "true" : undefined} />
            <FieldMessage error={memberError} path="email" locale={L} />
            <label for="m-password">{t(L, { vi: "Mật khẩu ban đầu (tối thiểu 10 ký tự)", en: "Initial password (at least 10 characters)" })}</label>
            <input id="m-password" name="password" type="password" required minlength={10} maxlength={1024} autocomplete="new-password" aria-invalid={fieldErr(memberError, "password") ? "true" : undefined} />
            <FieldMessage error={memberError} path="password" locale={L} />
            <label for="m-locale">{t(L, { vi: "Ngôn ngữ", en: "Language" })}</label>
            <select id="m-locale" name="locale">
              <option value="vi" selected={m.locale !== "en"}>
                Tiếng Việt
              </option>
              <option value="en" selected={m.locale === "en"}>
                English
              </option>
            </select>
            <p>
              <button type="submit">{t(L, { vi: "Thêm thành viên", en: "Add member" })}</button>
            </p>
          </form>
        </section>
      ) : null}
      {p.canManage ? (
        <section class="card">
          <h2 id="edit">{t(L, { vi: "Sửa thông tin", en: "Edit details" })}</h2>
          <Problem error={editError} locale={L} />
          <ProducerForm locale={L} csrfToken={p.csrfToken} action={base} submit={{ vi: "Lưu", en: "Save" }} communes={p.communes} values={p.form === "edit" && p.values ? p.values : formValuesOf(x)} error={editError} />
        </section>
      ) : null}
    </Layout>,
  );
}
