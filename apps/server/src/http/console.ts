import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import { consoleProtocolHeader } from '../config.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The built SvelteKit console (adapter-node's `handler.js`), served by this server so the console,
 * /graphql and /scim/v2 share one origin and one port. Returns null when the console is not built.
 */
export async function loadConsole(consoleDir: string): Promise<Middleware | null> {
  const file = join(consoleDir, 'handler.js');
  if (!existsSync(file)) return null;
  const { handler } = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
  return function consoleMiddleware(ctx, next) {
    ctx.req.headers[consoleProtocolHeader] = ctx.protocol;
    ctx.respond = false;
    return new Promise<void>((resolve, reject) => {
      ctx.res.once('finish', () => resolve());
      ctx.res.once('close', () => resolve());
      try {
        handler(ctx.req, ctx.res, () => {
          ctx.respond = true;
          next().then(resolve, reject);
        });
      } catch (error) {
        reject(error);
      }
    });
  };
}
