/**
 * The public investment source: its descriptor, an OC4IDS 0.9.4 project package, its payload schemas and the mapping to
 * `InvestmentProject`, the pure readers its harvester uses, and its loaders over the store. See README.md
 * beside this file.
 */
export { investmentSource } from './descriptor.js';
export { InvestmentClient, PROJECTS_PATH } from './client.js';
export { FUNDING_SOURCE_CODES, ROLE_CODES } from './map.js';
export { createInvestmentLoaders, type InvestmentLoaderSet, type StoredProjects } from './loaders.js';
export { readProject, readProjectPackage, type PackageEnvelope, type ProjectRead } from './harvest.js';
