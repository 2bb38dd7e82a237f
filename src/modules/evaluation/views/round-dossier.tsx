import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { DossierDetail } from "../inputs.js";
import { CarryForwardCard, DocumentsList } from "./carry-forward.js";

/** An assigned dossier for its council and round office: the changes since the certified dossier and the documents. */
export function roundDossierPage(p: Frame & { roundId: number; rdId: number; roundName: string; d: DossierDetail; scores: boolean }): string {
  const L = p.locale;
  const base = `/rounds/${p.roundId}/dossiers/${p.rdId}`;
  return renderPage(
    <Layout title={{ vi: `Hồ sơ: ${p.d.productName}`, en: `Dossier: ${p.d.productName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/rounds/${p.roundId}#rd-${p.rdId}`}>{`← ${p.roundName}`}</a>
      </p>
      <p class="sub">{`${p.d.productCode} · ${p.d.producerName} · ${p.d.communeName}`}</p>
      {p.d.changes ? (
        <section class="card">
          <h2>{t(L, { vi: "Thuyết minh của chủ thể về những thay đổi", en: "The producer's account of what changed" })}</h2>
          <p>{p.d.changes}</p>
        </section>
      ) : null}
      <CarryForwardCard cf={p.d.carryForward} locale={L} />
      <DocumentsList d={p.d} fileHref={(id) => `${base}/evidence/${id}`} locale={L} />
      {p.scores ? (
        <p>
          <a class="button" href={`${base}/sheet`}>
            {t(L, { vi: "Mở phiếu chấm", en: "Open the score sheet" })}
          </a>
        </p>
      ) : null}
    </Layout>,
  );
}
