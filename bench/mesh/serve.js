/**
 * Comparison (iv): GraphQL Mesh v1 composition + Hive Gateway over the replay server's OCDS API.
 *
 * - Composition (`@graphql-mesh/compose-cli` with the `@omnigraph/json-schema` source handler): one
 *   subgraph, `ocds`, generated from hand-written JSON Schemas of the REST endpoints
 *   `GET /ocds/releases?limit&cursor` (a release package) and `GET /ocds/records/{ocid}` (a record
 *   package). Composed at start, programmatically, with the replay server's URL as the endpoint.
 * - Serving (`@graphql-hive/gateway-runtime`, the runtime of `@graphql-hive/gateway`): the composed
 *   supergraph, plus `contractingProcesses(filter, first, after)` as `additionalTypeDefs` /
 *   `additionalResolvers`. The resolver pages the listing through the Mesh source (the in-context SDK,
 *   `context.ocds.Query.releases`), following `links.next`, and hands the releases to the
 *   `processesOf` and `connectionOf` functions the caller passes (the ones plain Apollo uses: compile,
 *   order, filter, page), so the answer has the same shape and values.
 * - Caching, over one in-memory LRU (`@graphql-mesh/cache-inmemory-lru`, the Hive Gateway CLI's default):
 *   always Mesh's HTTP cache of upstream responses (`useHttpCache`, `@graphql-mesh/plugin-http-cache`,
 *   which honours the replay's `Cache-Control: max-age=300`), so a warm query re-executes over cached
 *   release pages; with `responseCache: true` also Hive Gateway's response cache (`responseCaching`,
 *   `@graphql-mesh/plugin-response-cache`): whole results, global (no session), no TTL.
 *
 * Exports `startMesh({ replayUrl, processesOf, connectionOf, responseCache })` -> `{ url, close }`, listening on
 * 127.0.0.1 on an ephemeral port.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { createGatewayRuntime, Logger, useHttpCache } from '@graphql-hive/gateway';
import InMemoryLRUCache from '@graphql-mesh/cache-inmemory-lru';

/** The OCDS fields read: those of the warm 50-process query, and what paging needs. */
const value = {
  title: 'OcdsValue',
  type: 'object',
  properties: { amount: { type: 'number' }, currency: { type: 'string' } },
};
const organization = {
  title: 'OcdsOrganizationReference',
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};
const release = {
  title: 'OcdsRelease',
  type: 'object',
  required: ['ocid', 'id', 'date'],
  properties: {
    ocid: { type: 'string' },
    id: { type: 'string' },
    date: { type: 'string' },
    buyer: organization,
    tender: {
      title: 'OcdsTender',
      type: 'object',
      properties: {
        title: { type: 'string' },
        status: { type: 'string' },
        procurementMethod: { type: 'string' },
        value,
      },
    },
    awards: {
      type: 'array',
      items: {
        title: 'OcdsAward',
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { type: 'string' },
          suppliers: { type: 'array', items: organization },
        },
      },
    },
  },
};
const releasePackage = {
  title: 'OcdsReleasePackage',
  type: 'object',
  required: ['releases'],
  properties: {
    releases: { type: 'array', items: release },
    links: { title: 'OcdsLinks', type: 'object', properties: { next: { type: 'string' } } },
  },
};
const recordPackage = {
  title: 'OcdsRecordPackage',
  type: 'object',
  required: ['records'],
  properties: {
    records: {
      type: 'array',
      items: {
        title: 'OcdsRecord',
        type: 'object',
        properties: {
          ocid: { type: 'string' },
          releases: { type: 'array', items: release },
          compiledRelease: release,
        },
      },
    },
  },
};

/** ../servers/list.graphql: the list types, shared with the other comparison servers. */
const LIST_SDL = readFileSync(new URL('../servers/list.graphql', import.meta.url), 'utf8');

const EXTENSION_SDL = /* GraphQL */ `
  ${LIST_SDL}
  type ContractingProcess {
    ocid: String!
    date: String
    tender: OcdsTender
    buyer: OcdsOrganizationReference
    awards: [OcdsAward!]!
  }
  extend type Query {
    contractingProcesses(
      filter: ContractingProcessFilter
      first: Int = 20
      after: String
    ): ContractingProcessConnection!
  }
`;

const RELEASE_SELECTION = /* GraphQL */ `
  {
    releases {
      ocid
      id
      date
      buyer {
        id
        name
      }
      tender {
        title
        status
        procurementMethod
        value {
          amount
          currency
        }
      }
      awards {
        id
        status
        suppliers {
          id
          name
        }
      }
    }
    links {
      next
    }
  }
`;

const PAGE_SIZE = 500;

/**
 * GraphQL answers an absent JSON field as `null`; the compilation treats a field as given when present,
 * so the nulls are dropped again to give it the releases as the REST endpoint sent them.
 */
function withoutNulls(x) {
  if (Array.isArray(x)) return x.map(withoutNulls);
  if (x === null || typeof x !== 'object') return x;
  const out = {};
  for (const [k, v] of Object.entries(x)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}

/** The supergraph SDL of the `ocds` subgraph over `replayUrl`. */
export async function compose(replayUrl) {
  return getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadJSONSchemaSubgraph('ocds', {
            endpoint: `${replayUrl}/ocds`,
            // The header tells this server's requests apart in the replay's request log.
            operationHeaders: { accept: 'application/json', 'x-bench-client': 'mesh' },
            operations: [
              {
                type: 'Query',
                field: 'releases',
                path: '/releases',
                method: 'GET',
                argTypeMap: { limit: { type: 'integer' }, cursor: { type: 'string' } },
                queryParamArgMap: { limit: 'limit', cursor: 'cursor' },
                responseSchema: releasePackage,
              },
              {
                type: 'Query',
                field: 'record',
                path: '/records/{args.ocid}',
                method: 'GET',
                argTypeMap: { ocid: { type: 'string', nullable: false } },
                responseSchema: recordPackage,
              },
            ],
          }),
        },
      ],
    },
    new Logger({ level: false }),
  );
}

export async function startMesh({ replayUrl, processesOf, connectionOf, responseCache = true }) {
  const supergraph = await compose(replayUrl);
  const log = new Logger({ level: false });
  const cache = new InMemoryLRUCache();
  const gateway = createGatewayRuntime({
    supergraph,
    logging: log,
    cache,
    plugins: (ctx) => [useHttpCache(ctx)],
    ...(responseCache ? { responseCaching: { session: () => null } } : {}),
    additionalTypeDefs: EXTENSION_SDL,
    additionalResolvers: {
      Query: {
        contractingProcesses: async (_root, args, context) => {
          const releases = [];
          let cursor;
          do {
            const page = await context.ocds.Query.releases({
              root: {},
              args: { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
              context,
              selectionSet: RELEASE_SELECTION,
            });
            if (page == null || page instanceof Error) throw page ?? new Error('no release package');
            releases.push(...withoutNulls(page.releases));
            const next = page.links?.next;
            cursor = next ? (new URL(next).searchParams.get('cursor') ?? undefined) : undefined;
          } while (cursor !== undefined);
          return connectionOf(processesOf(releases), args, (p) => p);
        },
      },
    },
  });
  const server = createServer(gateway);
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await gateway.dispose();
    },
  };
}
