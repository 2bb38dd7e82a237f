import { formatDate, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { type Column, Count, ListTable, Pager } from "../../../web/list-kit.js";
import type { OpenDataDay } from "../inputs.js";

/* /open-data/: the published days, newest first, each with its manifest and files. */

export function openDataPage(p: PublicFrame & { result: { items: OpenDataDay[]; total: number }; limit: number; offset: number; files: readonly string[] }): string {
  const L = p.locale;
  const columns: Column<OpenDataDay>[] = [
    { label: { vi: "Ngày", en: "Day" }, cell: (d) => <a href={`/open-data/${d.day}/manifest.json`}>{formatDate(d.day)}</a> },
    {
      label: { vi: "Tệp", en: "Files" },
      cell: (d) => (
        <span>
          {p.files.map((f, i) => (
            <>
              {i ? " · " : ""}
              <a href={`/open-data/${d.day}/${f}`}>{f}</a>
            </>
          ))}
        </span>
      ),
    },
    { label: { vi: "SHA-256 của bản kê", en: "Manifest SHA-256" }, cell: (d) => <code class="wrap">{d.sha256}</code> },
    { label: { vi: "Nhật ký (số thứ tự)", en: "Audit seq" }, cell: (d) => (d.auditSeq === null ? "—" : formatNumber(d.auditSeq)), num: true },
    { label: { vi: "Công bố lúc", en: "Published" }, cell: (d) => formatDateTime(new Date(d.publishedAt)) },
  ];
  return renderPage(
    <Layout title={{ vi: "Dữ liệu mở của sổ sản phẩm OCOP", en: "Open data of the OCOP registry" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="sub">
        {t(L, {
          vi: "Mỗi ngày hệ thống công bố sổ đăng ký theo ngày đó (giấy chứng nhận và tình trạng, sản phẩm, chủ thể, điểm bán) dưới dạng JSON và CSV. Mỗi tệp có mã SHA-256 trong bản kê của ngày; bản kê nối với bản kê của ngày trước và với điểm kiểm chứng đã ký của nhật ký hệ thống. Tệp đã công bố không bao giờ bị sửa.",
          en: "Every day the registry is published as of that day (certificates with their status, products, producers, points of sale) as JSON and CSV. Each file's SHA-256 is in the day's manifest (manifest.json), which chains to the previous day's manifest and to the audit chain's signed checkpoint. Published files never change.",
        })}
      </p>
      <Count total={p.result.total} noun={{ vi: "ngày", en: "days" }} locale={L} />
      <ListTable columns={columns} rows={p.result.items} locale={L} empty={{ vi: "Chưa có ngày nào được công bố.", en: "No day published yet." }} />
      <Pager base="/open-data/" values={{}} total={p.result.total} limit={p.limit} offset={p.offset} locale={L} />
    </Layout>,
  );
}
