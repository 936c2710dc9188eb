/**
 * The replay server: the embedded upstream that serves recorded data in each upstream's native shape, with
 * fault injection for tests and benchmarks. This file is the module's only public entry.
 */
export { startReplayServer } from './server.js';
export { EMBEDDED_OCDS_FILES, OCDS_EXAMPLE_NOTICE } from './embedded.js';
export { DEFAULT_HOST, DEFAULT_RATE_LIMIT, isLoopbackHost } from './options.js';
export {
  DEFAULT_PAGE_SIZE,
  OCDS_MAX_PAGE_SIZE,
  OCDS_MAX_AGE_SECONDS,
  OCDS_PREFIX,
  REPLAY_PUBLISHER,
} from './ocds.js';
export { DEFAULT_DRIP_BYTES } from './faults.js';
export { SCALE_OCID_PREFIX, SCALE_PREFIX, SCALE_START_MS, SCALE_STEP_MS } from './scale-feed.js';
export { SCALE_BUYERS, SCALE_SUPPLIERS, buyerRegisterNumber } from './scale-data.js';
export { MAX_SCALE_RELEASES, MAX_SCALE_RELEASES_PER_PROCESS } from './options.js';
export type {
  DriftVariant,
  Fault,
  FaultController,
  OcdsFileSpec,
  ReplayOptions,
  ReplayServer,
  RequestLogEntry,
  ScaleFeed,
  ScaleFeedOptions,
} from './types.js';
