/** Per-request freshness collection and the response summary (docs/architecture.md "Freshness model"). */
export {
  FreshnessCollector,
  pathKey,
  type FreshnessExtension,
  type RecordSummary,
  type ResponsePath,
} from './collector.js';
