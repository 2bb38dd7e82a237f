// The door of the opendata area (issue 19: bulk status checks and the dated, hashed daily open data).
export { statusApi } from "./api.js";
export { opendataPublic } from "./public.js";
export { publishOpenData, GENESIS, type PublishRun } from "./services/publish.js";
export { bulkStatus, parseStatusId } from "./queries/status.js";
export { MAX_STATUS_IDS, OPEN_DATA_FILE_NAMES, type Manifest, type StatusAnswer } from "./inputs.js";
