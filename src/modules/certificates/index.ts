// The door of the certificates area: what other areas, the jobs and the app may use. Everything else is internal.
export { eventsOf, productCertificate, stateOf } from "./certificate-state.js";
export { certificatesChanged, onCertificateChange, type CertificateChange, type CertificateChangeListener } from "./changes.js";
export { runDailyNotices } from "./notices.js";
export { certificateOfficePages } from "./office-pages.js";
export { certificateDocuments, certificatePublicPages } from "./public-pages.js";
export { onDossierFiled, onReevaluationEnded } from "./reevaluation.js";
export { certificateRoutes } from "./routes.js";
export { certificateStatusNow } from "./status-now.js";
