import { ConfigError } from './config.js';
import { startGateway } from './server.js';

/** `npm start`: serve the gateway until SIGINT / SIGTERM. */
try {
  const running = await startGateway();
  let closing = false;
  // The first signal drains: no new connections, requests in flight finish within SHUTDOWN_GRACE_MS.
  // A second one (an impatient Ctrl-C) exits at once.
  const stop = (signal: NodeJS.Signals) => {
    if (closing) {
      process.stderr.write(`Transparency Graph: ${signal} again, exiting without waiting.\n`);
      process.exit(1);
    }
    closing = true;
    process.stderr.write(
      `Transparency Graph: ${signal}, finishing requests in flight (at most ${running.config.shutdownGraceMs} ms).\n`,
    );
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Transparency Graph: GraphiQL at ${running.url}/graphql\n`);
} catch (thrown: unknown) {
  if (thrown instanceof ConfigError) {
    process.stderr.write(`${thrown.message}\n`);
    process.exit(2);
  }
  throw thrown;
}
