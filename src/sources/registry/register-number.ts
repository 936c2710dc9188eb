/** The register-number rule is the domain's; the registry source re-exports it for its callers. */
export { parseRegisterNumber } from '../../domain/ids.js';
