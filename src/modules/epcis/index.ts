// The door of the epcis area: the public EPCIS 2.0 events of the stamps (a read-only projection of the stamps'
// and retail's tables; no tables of its own).
export { epcisApi } from "./api.js";
