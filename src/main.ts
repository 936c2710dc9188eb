import { ConfigError } from './config.js';
import { startGateway } from './server.js';

/** `npm start`: serve the gateway until SIGINT / SIGTERM. */
try {
  const running = await startGateway();
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`Transparency Graph: GraphiQL at ${running.url}/graphql\n`);
} catch (thrown: unknown) {
  if (thrown instanceof ConfigError) {
    process.stderr.write(`${thrown.message}\n`);
    process.exit(2);
  }
  throw thrown;
}
