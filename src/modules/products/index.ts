// The door of the products area: what other areas, the jobs and the app may use. Everything else is internal.
export { api } from "./api.js";
export { type OfficialView } from "./inputs.js";
export { pages } from "./pages.js";
export { checkResponsible, getProduct, listProducts, responsibleCandidates } from "./queries.js";
export { createProductForPlan } from "./services/products.js";
export { shopLinksWaiting } from "./services/shop-links.js";
