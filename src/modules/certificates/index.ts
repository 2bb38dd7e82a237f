// The door of the certificates area: what other areas, the jobs and the app may use. Everything else is internal.
export type { InForceFigures } from "./inputs.js";
export { certificatesApi, decisionsApi, inspectionsApi, noticesApi, registryApi } from "./api.js";
export { inspectionPages, noticesPages, pages } from "./pages.js";
export { certificatePdfs, certificatesPublic, decisionPdfs } from "./public.js";
export { certificatesInForce, certificateStatusNow, eventsOf, inForceFigures, openFigures, productCertificate, stateOf, toDomainEvents, type InForceCertificate } from "./queries.js";
export { certificatesChanged, onCertificateChange, type CertificateChange, type CertificateChangeListener } from "./services/changes.js";
export { runDailyNotices } from "./services/notices.js";
export { certificateDocuments, runDocumentExpiryNotices } from "./services/documents.js";
export { onDossierFiled, onReevaluationEnded } from "./services/reevaluation.js";
export { notifyProvinceOffice } from "./services/province-notices.js";
export { decisionsWaiting } from "./services/decisions.js";
export { openInspectionTx } from "./services/inspections.js";
export { inspectionSummaries, publicCertificate } from "./queries.js";
export { refreshCredentials, rotateCredentialKey } from "./services/credentials.js";
export { useCredentialSigningKey } from "./runtime/credential-key.js";
