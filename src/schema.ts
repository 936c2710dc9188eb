import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { commonResolvers, freshnessFromPath } from '../resolvers/common.js';
import { investmentResolvers } from '../resolvers/investment.js';
import { organizationResolvers } from '../resolvers/organization.js';
import { procurementResolvers } from '../resolvers/procurement.js';
import { recordingSourced } from '../resolvers/sourced.js';

/** Directory of the SDL files, one per domain. */
export const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

/** The SDL of every domain, joined. */
export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(new URL(f, `file://${SCHEMA_DIR}`), 'utf8'))
    .join('\n');
}

/**
 * The executable schema: SDL + resolvers of every domain, then two passes over the object types:
 * - every resolver a domain wrote is wrapped by `recordingSourced`, so an upstream read it returns
 *   (`sourced(...)`) is recorded at the field's path and unwrapped: freshness is recorded by the shape
 *   of the return value, never by a call a resolver could forget (docs/architecture.md, "Freshness
 *   model"). Fields without a resolver of their own keep graphql-js's default and cost nothing extra;
 * - every object type that implements `Sourced` and has no `freshness` resolver of its own gets
 *   `freshnessFromPath`, so no type can forget it.
 */
export function buildGatewaySchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [commonResolvers, procurementResolvers, organizationResolvers, investmentResolvers],
    resolverValidationOptions: { requireResolversForResolveType: 'ignore' },
  });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const sourcedType = type.getInterfaces().some((i) => i.name === 'Sourced');
    for (const field of Object.values(type.getFields())) {
      if (field.resolve !== undefined) field.resolve = recordingSourced(field.resolve);
      else if (sourcedType && field.name === 'freshness') field.resolve = freshnessFromPath;
    }
  }
  return schema;
}
