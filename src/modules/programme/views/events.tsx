import { EVENT_KIND_LABELS, EVENT_KINDS } from "../../../domain/programme-indicators.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { ListTable } from "../../../web/list-kit.js";
import type { EventDetail, EventView, TrainingRecord } from "../inputs.js";

/* Training and trade events: the list with the form for a new one, an event with its participants, and a person's training record. */

export type Values = Record<string, string>;
export type Choices = { officials: { id: string; name: string; unit: string }[]; producers: { id: number; name: string; commune: string }[] };

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã ghi nhận hoạt động.", en: "The event is recorded." },
  added: { vi: "Đã thêm người tham gia.", en: "The participant is added." },
  removed: { vi: "Đã bỏ người tham gia.", en: "The participant is removed." },
};

const days = (e: Pick<EventView, "startsOn" | "endsOn">) => (e.startsOn === e.endsOn ? formatDate(e.startsOn) : `${formatDate(e.startsOn)} – ${formatDate(e.endsOn)}`);

function Input({ name, label, values, error, locale: L, type = "text", ...rest }: { name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

export function eventsPage(p: Frame & { events: EventView[]; canCreate: boolean; units: { id: number; name: string }[]; values: Values; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const v = p.values;
  return renderPage(
    <Layout title={{ vi: "Tập huấn, hội chợ, xúc tiến thương mại", en: "Training, fairs and trade promotion" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <a href="/programme">{t(L, { vi: "← Kế hoạch và chỉ tiêu", en: "← Plan and targets" })}</a>
      </p>
      <ListTable
        locale={L}
        rows={p.events}
        empty={{ vi: "Chưa có hoạt động nào.", en: "No event yet." }}
        columns={[
          { label: { vi: "Ngày", en: "Dates" }, cell: (e) => days(e) },
          { label: { vi: "Hoạt động", en: "Event" }, cell: (e) => <a href={`/programme/events/${e.id}`}>{e.title}</a> },
          { label: { vi: "Loại", en: "Kind" }, cell: (e) => t(L, e.kindLabel) },
          { label: { vi: "Địa điểm", en: "Place" }, cell: (e) => e.place },
          { label: { vi: "Người tham gia", en: "Participants" }, num: true, cell: (e) => formatNumber(e.participantCount) },
        ]}
      />
      {p.canCreate ? (
        <form method="post" action="/programme/events" class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Ghi nhận hoạt động", en: "Record an event" })}</h2>
          <Problem error={p.error} locale={L} beside={["title", "topic", "startsOn", "endsOn", "place", "organiser"]} />
          <label for="kind">{t(L, { vi: "Loại hoạt động", en: "Kind" })}</label>
          <select id="kind" name="kind">
            {EVENT_KINDS.map((k) => (
              <option value={k} selected={(v["kind"] ?? "training") === k}>
                {t(L, EVENT_KIND_LABELS[k])}
              </option>
            ))}
          </select>
          <label for="unitId">{t(L, { vi: "Đơn vị chủ trì", en: "Holding unit" })}</label>
          <select id="unitId" name="unitId">
            {p.units.map((u) => (
              <option value={String(u.id)} selected={v["unitId"] === String(u.id)}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldMessage error={p.error} path="unitId" locale={L} />
          <Input name="title" label={{ vi: "Tên hoạt động", en: "Title" }} values={v} error={p.error} locale={L} required maxlength={300} />
          <Input name="topic" label={{ vi: "Nội dung, chủ đề", en: "Topic" }} values={v} error={p.error} locale={L} required maxlength={2000} />
          <Input name="startsOn" label={{ vi: "Từ ngày", en: "From" }} values={v} error={p.error} locale={L} type="date" required />
          <Input name="endsOn" label={{ vi: "Đến ngày", en: "To" }} values={v} error={p.error} locale={L} type="date" required />
          <Input name="place" label={{ vi: "Địa điểm", en: "Place" }} values={v} error={p.error} locale={L} required maxlength={300} />
          <Input name="organiser" label={{ vi: "Đơn vị tổ chức", en: "Organiser" }} values={v} error={p.error} locale={L} required maxlength={300} />
          <button type="submit">{t(L, { vi: "Ghi nhận", en: "Record" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

export function eventPage(p: Frame & { event: EventDetail; choices: Choices | null; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const e = p.event;
  return renderPage(
    <Layout title={{ vi: e.title, en: e.title }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <a href="/programme/events">{t(L, { vi: "← Các hoạt động", en: "← All events" })}</a>
      </p>
      <dl class="props">
        <dt>{t(L, { vi: "Loại", en: "Kind" })}</dt>
        <dd>{t(L, e.kindLabel)}</dd>
        <dt>{t(L, { vi: "Thời gian", en: "Dates" })}</dt>
        <dd>{days(e)}</dd>
        <dt>{t(L, { vi: "Địa điểm", en: "Place" })}</dt>
        <dd>{e.place}</dd>
        <dt>{t(L, { vi: "Đơn vị tổ chức", en: "Organiser" })}</dt>
        <dd>{`${e.organiser} (${e.unitName})`}</dd>
        <dt>{t(L, { vi: "Nội dung", en: "Topic" })}</dt>
        <dd>{e.topic}</dd>
      </dl>
      <section class="card">
        <h2>{t(L, { vi: `Người tham gia (${formatNumber(e.participants.length)})`, en: `Participants (${formatNumber(e.participants.length)})` })}</h2>
        <ListTable
          locale={L}
          rows={e.participants}
          empty={{ vi: "Chưa ghi nhận người tham gia.", en: "No participant recorded yet." }}
          columns={[
            {
              label: { vi: "Người tham gia", en: "Participant" },
              cell: (x) => <a href={x.userId ? `/programme/training/officials/${encodeURIComponent(x.userId)}` : `/programme/training/producers/${x.producerId}`}>{x.name}</a>,
            },
            { label: { vi: "Là", en: "As" }, cell: (x) => t(L, x.kind === "official" ? { vi: "Cán bộ", en: "Official" } : { vi: "Chủ thể OCOP", en: "OCOP producer" }) },
            { label: { vi: "Người dự", en: "Attendee" }, cell: (x) => x.attendeeName ?? "" },
            { label: { vi: "Xã, phường", en: "Commune" }, cell: (x) => x.communeName ?? "" },
            ...(e.canManage
              ? [
                  {
                    label: { vi: "Sửa", en: "Edit" },
                    cell: (x: EventDetail["participants"][number]) => (
                      <form method="post" action={`/programme/events/${e.id}/participants/${x.id}/remove`} class="inline">
                        <input type="hidden" name="_csrf" value={p.csrfToken} />
                        <button type="submit" class="secondary">{t(L, { vi: "Bỏ", en: "Remove" })}</button>
                      </form>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </section>
      {e.canManage && p.choices ? (
        <form method="post" action={`/programme/events/${e.id}/participants`} class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Thêm người tham gia", en: "Add a participant" })}</h2>
          <Problem error={p.error} locale={L} />
          <label for="who">{t(L, { vi: "Cán bộ hoặc chủ thể OCOP trong tỉnh", en: "An OCOP official or producer of the province" })}</label>
          <select id="who" name="who">
            <optgroup label={t(L, { vi: "Cán bộ", en: "Officials" })}>
              {p.choices.officials.map((o) => (
                <option value={`u:${o.id}`}>{`${o.name} — ${o.unit}`}</option>
              ))}
            </optgroup>
            <optgroup label={t(L, { vi: "Chủ thể OCOP", en: "Producers" })}>
              {p.choices.producers.map((o) => (
                <option value={`p:${o.id}`}>{`${o.name} — ${o.commune}`}</option>
              ))}
            </optgroup>
          </select>
          <label for="attendeeName">{t(L, { vi: "Người dự thay mặt chủ thể (không bắt buộc)", en: "Who attended for the producer (optional)" })}</label>
          <input id="attendeeName" name="attendeeName" maxlength={200} />
          <button type="submit">{t(L, { vi: "Thêm", en: "Add" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

export function trainingPage(p: Frame & { record: TrainingRecord }): string {
  const L = p.locale;
  const r = p.record;
  return renderPage(
    <Layout title={{ vi: `Hồ sơ tập huấn: ${r.subject.name}`, en: `Training record: ${r.subject.name}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="sub">{t(L, r.subject.kind === "official" ? { vi: "Cán bộ tham mưu Chương trình OCOP", en: "OCOP programme official" } : { vi: "Chủ thể OCOP", en: "OCOP producer" })}</p>
      <ListTable
        locale={L}
        rows={r.events}
        empty={{ vi: "Chưa tham gia hoạt động tập huấn, xúc tiến thương mại nào.", en: "No training or trade event attended yet." }}
        columns={[
          { label: { vi: "Ngày", en: "Dates" }, cell: (e) => days(e) },
          { label: { vi: "Hoạt động", en: "Event" }, cell: (e) => e.title },
          { label: { vi: "Loại", en: "Kind" }, cell: (e) => t(L, e.kindLabel) },
          { label: { vi: "Nội dung", en: "Topic" }, cell: (e) => e.topic },
          { label: { vi: "Địa điểm", en: "Place" }, cell: (e) => e.place },
          { label: { vi: "Đơn vị tổ chức", en: "Organiser" }, cell: (e) => e.organiser },
        ]}
      />
    </Layout>,
  );
}
