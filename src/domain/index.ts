export * from './freshness.js';
export * from './errors.js';
export * from './ids.js';
export type * from './procurement.js';
export * from './filters.js';
export { MN_CR } from './organization.js';
export type * from './organization.js';
export type * from './investment.js';
export * from './money.js';
