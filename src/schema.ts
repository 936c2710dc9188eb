import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { commonResolvers, freshnessFromPath } from '../resolvers/common.js';
import { investmentResolvers } from '../resolvers/investment.js';
import { organizationResolvers } from '../resolvers/organization.js';
import { procurementResolvers } from '../resolvers/procurement.js';

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
 * The executable schema: SDL + resolvers of every domain. Every object type that implements
 * `Sourced` and has no `freshness` resolver of its own gets `freshnessFromPath`, so no type can
 * forget it.
 */
export function buildGatewaySchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [commonResolvers, procurementResolvers, organizationResolvers, investmentResolvers],
    resolverValidationOptions: { requireResolversForResolveType: 'ignore' },
  });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Sourced')) continue;
    const field = type.getFields()['freshness'];
    if (field !== undefined && field.resolve === undefined) field.resolve = freshnessFromPath;
  }
  return schema;
}
