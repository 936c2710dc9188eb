import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../log.js';
import { createFormatError } from './errors.js';
import { createExecutor, fixedSchemaGateway, type ExecutionMode } from './execute.js';
import { freshnessPlugin } from './freshness-plugin.js';
import { operationLimitsPlugin } from './limits-gate.js';
import type { LimitError } from './limits.js';
import { outcomePlugin } from './observe.js';

/** Apollo Server as the gateway runs it: no CDN landing page, our limits, freshness and error format. */
export function createApollo(
  schema: GraphQLSchema,
  config: Config,
  log: Logger,
  /** Told of every limit exceeded in `LIMIT_MODE=warn`. */
  onWarn: (error: LimitError) => void,
  /** Told which executor ran each operation. */
  onExecuted?: (executor: ExecutionMode) => void,
): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    // Apollo's pipeline with the configured executor behind it (src/http/execute.ts).
    gateway: fixedSchemaGateway(
      schema,
      createExecutor(schema, config.execution, onExecuted, config.executionCompileAfter),
    ),
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // The process's own signal handler drains connections first (src/main.ts, src/http/shutdown.ts);
    // Apollo's would stop the server under requests in flight and then re-raise the signal.
    stopOnTerminationSignals: false,
    // The parser's own token cap backs up the pre-parse count of the limits plugin.
    parseOptions: config.limits.mode === 'enforce' ? { maxTokens: config.limits.maxTokens } : {},
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    // Apollo's default landing page loads from a CDN; our own GraphiQL answers browsers instead.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      freshnessPlugin(),
      operationLimitsPlugin(config.limits, onWarn),
      outcomePlugin(),
    ],
    // Apollo's own messages go through the gateway's logger, each at its own level.
    logger: {
      debug: (m) => log.debug(String(m)),
      info: (m) => log.info(String(m)),
      warn: (m) => log.warn(String(m)),
      error: (m) => log.error(String(m)),
    },
  });
}
