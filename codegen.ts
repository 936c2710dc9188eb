import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types generated from schema/*.graphql, mapped to the domain types the sources produce.
 * `npm run codegen` rewrites the file; tests/graph/codegen.test.ts fails when it is out of date.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'resolvers/generated/types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        mapperTypeSuffix: 'Model',
        immutableTypes: true,
        contextType: '../../src/context.js#GatewayContext',
        // Resolvers may return an upstream read (`sourced(...)`); the schema build records and unwraps it.
        customResolverFn: '../sourced.js#SourcedResolverFn',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: {
          DateTime: { input: 'string', output: 'string | number' },
          JSON: { input: 'never', output: 'unknown' },
        },
        mappers: {
          ContractingProcess: '../../src/domain/procurement.js#ContractingProcess',
          Party: '../../src/domain/procurement.js#Party',
          PartyReference: '../../src/domain/procurement.js#PartyRef',
          Identifier: '../../src/domain/procurement.js#Identifier',
          Address: '../../src/domain/procurement.js#Address',
          Classification: '../../src/domain/procurement.js#Classification',
          Item: '../../src/domain/procurement.js#Item',
          Document: '../../src/domain/procurement.js#Document',
          Milestone: '../../src/domain/procurement.js#Milestone',
          Budget: '../../src/domain/procurement.js#Budget',
          Planning: '../../src/domain/procurement.js#Planning',
          Tender: '../../src/domain/procurement.js#Tender',
          Award: '../../src/domain/procurement.js#Award',
          Transaction: '../../src/domain/procurement.js#Transaction',
          Implementation: '../../src/domain/procurement.js#Implementation',
          Contract: '../../src/domain/procurement.js#Contract',
          Provenance: '../../src/domain/procurement.js#Provenance',
          Period: '../../src/domain/procurement.js#Period',
          Money: '../../src/domain/procurement.js#Money',
          Freshness: '../../src/domain/freshness.js#Freshness',
          Harvest: '../../src/domain/freshness.js#HarvestStatus',
          SourceStatus: '../../src/context.js#SourceStatusView',
          DataQuality: '../../src/domain/quality.js#DataQuality',
          QuarantinedRelease: '../../src/domain/quality.js#QuarantineExample',
          DataNote: '../../src/domain/procurement.js#DataNote',
          Organization: '../views.js#OrganizationView',
          OrganizationEdge: '../views.js#OrganizationEdgeView',
          OrganizationConnection: '../views.js#OrganizationConnectionView',
          EitiFacet: '../views.js#EitiFacetView',
          ProcurementFacet: '../views.js#OrganizationView',
          InvestmentProject: '../../src/domain/investment.js#InvestmentProject',
          BudgetLine: '../../src/domain/investment.js#BudgetLine',
          ProjectParty: '../../src/domain/investment.js#ProjectParty',
          ProjectLocation: '../../src/domain/investment.js#ProjectLocation',
          InvestmentProjectConnection: '../views.js#InvestmentProjectConnectionView',
          RegistryRecord: '../../src/domain/organization.js#RegistryEntity',
          OwnershipRelationship: '../../src/domain/organization.js#OwnershipRelationship',
          InterestedParty: '../../src/domain/organization.js#InterestedParty',
          OwnershipInterest: '../../src/domain/organization.js#OwnershipInterest',
          EitiOrganisation: '../../src/domain/organization.js#EitiOrganisation',
          EitiPayment: '../../src/domain/organization.js#EitiPayment',
          EitiReport: '../../src/domain/organization.js#EitiReport',
          MineralLicence: '../../src/domain/organization.js#MineralLicence',
          ContractingProcessConnection: '../views.js#ContractingProcessConnectionView',
          ContractingProcessEdge: '../views.js#ContractingProcessEdgeView',
        },
      },
    },
  },
};

export default config;
