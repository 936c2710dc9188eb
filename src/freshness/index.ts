/** Per-request freshness collection and the response summary (DESIGN.md "Freshness model"). */
export { FreshnessCollector, pathKey, type FreshnessExtension, type ResponsePath } from './collector.js';
