// Test support, exported as `@rollcall/server/testing`: the real app on a real port, in-process, so
// black-box tests speak HTTP to it and can flush the request log before reading it.
import { once } from 'node:events';
import { openDatabase } from '@rollcall/domain';
import { createApp } from './app.js';
import { ormOptions } from './database.js';
import { createHttpServer } from './http/http-server.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { RequestLogWriter } from './scim/request-log.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/** The SCIM cursor codec, for a benchmark that starts deep in a directory it seeded (as a walk would). */
export { cursorCodec } from './scim/list-query.js';

export interface TestServer {
  url: string;
  flushRequestLog(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Run a webhook dispatcher too (only on a database of the test's own: it serves every tenant). */
  webhooks?: boolean;
}): Promise<TestServer> {
  // The limits come from the environment the test gives (the port and URL are known only later).
  const server = createHttpServer(loadConfig({ ...options.env, DATABASE_URL: options.databaseUrl }).http);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    ROLLCALL_PUBLIC_URL: url,
  });
  const orm = await openDatabase(ormOptions(config, options.databaseUrl, 5));
  const log = createLogger('error', (line) => process.stderr.write(line));
  const requestLog = new RequestLogWriter(orm, log, 50);
  const { app, stop, metrics } = await createApp({ config, orm, log, requestLog });
  server.on('request', app.callback());
  const webhooks = options.webhooks ? new WebhookDispatcher(orm, config.webhooks, log, metrics) : undefined;
  webhooks?.start();
  return {
    url,
    flushRequestLog: () => requestLog.flush(),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stop();
      await webhooks?.stop();
      await requestLog.close();
      await orm.close();
    },
  };
}
