import './node-env.js';
import 'reflect-metadata';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ensureFirstTenant } from '@rollcall/domain';
import { createApp } from './app.js';
import { ConfigError, loadConfig, shareApiUrlWithConsole, withListeningPort } from './config.js';
import { connectDatabase } from './database.js';
import { loadConsole } from './http/console.js';
import { createHttpServer } from './http/http-server.js';
import { createLogger } from './logger.js';
import { RequestLogWriter } from './scim/request-log.js';
import { Pruner } from './retention/pruner.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

async function main() {
  let config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await connectDatabase(config, log);
  let shuttingDown = false;
  let firstRun: Awaited<ReturnType<typeof ensureFirstTenant>>;
  // Listening starts before the app is built (the console must learn the port first): until then,
  // requests get a clear 503 instead of waiting on a server with no handler.
  const starting = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ status: 'starting' }));
  };
  const server = createHttpServer(config.http, starting);
  const requestLog = new RequestLogWriter(database.orm, log);
  let webhooks: WebhookDispatcher | undefined;
  let pruner: Pruner | undefined;
  let stopGraphql = async () => undefined as void;
  let apiUrl: string;
  try {
    firstRun = await ensureFirstTenant(database.orm, config.admin);
    server.listen(config.port, config.host);
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => Promise.reject(error)),
    ]);
    const address = server.address();
    config = withListeningPort(config, typeof address === 'object' && address ? address.port : config.port);
    // The console copies its environment when loaded, so it learns the API's address before that.
    apiUrl = shareApiUrlWithConsole(
      config.host,
      typeof address === 'object' && address ? address.port : config.port,
    );
    const consoleApp = await loadConsole(config.consoleDir);
    if (!consoleApp)
      log.warn('console not built: run `pnpm build` to serve it', { consoleDir: config.consoleDir });
    const {
      app,
      stop: stopApi,
      metrics,
    } = await createApp({
      config,
      orm: database.orm,
      log,
      requestLog,
      console: consoleApp,
      isShuttingDown: () => shuttingDown,
    });
    server.on('request', app.callback());
    server.off('request', starting);
    stopGraphql = stopApi;
    webhooks = new WebhookDispatcher(database.orm, config.webhooks, log, metrics);
    pruner = new Pruner(database.orm, config.retention, log, metrics);
  } catch (error) {
    server.close();
    await database.close(); // never leave an embedded PostgreSQL behind a failed start
    throw error;
  }
  webhooks?.start();
  pruner?.start();
  if (firstRun) printFirstRun(config.publicUrl, firstRun);
  log.info('listening', { url: apiUrl, database: database.description });
  if (!config.webhooks.secrets.sealing)
    log.info('webhook signing secrets are stored unsealed: set ROLLCALL_SECRETS_KEY to seal them');

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info('shutting down', { signal });
    // Stop accepting connections, let requests in flight finish (bounded), then release the database.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), 10_000).unref();
    await closed;
    clearTimeout(timer);
    await stopGraphql();
    await webhooks?.stop(); // deliveries in flight are recorded; unclaimed ones wait for any process
    await pruner?.stop(); // a pass in progress finishes its batch; its lease is released
    await requestLog.close();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The one time a generated password is shown: on the terminal, never in the logs. */
function printFirstRun(
  url: string,
  run: { tenant: string; email: string; generatedPassword: string | null },
) {
  const lines = [
    'Rollcall is ready. First run: created tenant "demo" and its owner.',
    `  Console:  ${url}/`,
    `  Email:    ${run.email}`,
    run.generatedPassword
      ? `  Password: ${run.generatedPassword}   (generated; shown only this once)`
      : '  Password: the one in ROLLCALL_ADMIN_PASSWORD',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Rollcall failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
