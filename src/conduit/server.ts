// Starts the service and stops it cleanly: on SIGTERM or SIGINT the server stops accepting
// connections, answers requests that still arrive on open connections with a 503 problem, lets
// in-flight requests finish, then closes the database and Redis. A request that never finishes
// cannot hold the process forever: after SHUTDOWN_TIMEOUT_SECONDS it exits with status 1.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { releaseStartupMemory } from '../runtime/startup-memory.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      setTimeout(() => {
        app.log.error({ signal }, 'shutdown timed out with requests still in flight');
        process.exit(1);
      }, config.shutdownTimeoutSeconds * 1000).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ host: config.host, port: config.port });
  releaseStartupMemory();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
