import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.js';

/**
 * The HTTP server the app runs on, with the limits a client must keep: the whole request within
 * `requestTimeoutMs` (a body shorter than its Content-Length does not hold a connection for minutes),
 * and a request head of at most `maxHeaderBytes` (long enough for any SCIM filter the app itself
 * bounds, so that answers 400 invalidFilter). What Node's parser refuses before the app sees it still
 * gets a JSON error body in the SCIM Error shape (RFC 7644 §3.12), like every other refusal.
 */
export function createHttpServer(
  limits: Config['http'],
  handler?: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const server = createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.requestTimeoutMs, 60_000),
    // How often Node looks for requests past their timeout (its default, 30 s, would let them run late).
    connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
  });
  if (handler) server.on('request', handler);
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const [status, reason, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            `The request line and headers exceed ${limits.maxHeaderBytes} bytes`,
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', `The request was not received within ${limits.requestTimeoutMs} ms`]
          : [400, 'Bad Request', 'The request is not valid HTTP/1.1'];
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
      detail,
    });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/scim+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
