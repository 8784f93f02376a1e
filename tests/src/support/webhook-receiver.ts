import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When it arrived (ms since epoch) and what the receiver answered. */
  at: number;
  status: number;
}

/**
 * An integrator's webhook receiver on a real port. `answer` decides each response's status, sent after
 * `delayMs` (a request whose sender gave up or died by then is not counted as received); `down()`
 * closes the port (connection refused) and `up()` opens the same port again.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  inProgress = 0;
  /** Connections with a request being answered now, and the most there were at once. */
  open = 0;
  maxOpen = 0;
  answer: (hook: Omit<ReceivedWebhook, 'status' | 'at'>, attempt: number) => number = () => 204;
  delayMs = 0;
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<this> {
    this.server = createServer((request, response) => {
      this.inProgress++;
      this.maxOpen = Math.max(this.maxOpen, ++this.open);
      response.on('close', () => this.open--); // answered, or the sender gave up
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        );
        const hook = { path: request.url ?? '/', headers, body };
        const attempt =
          this.received.filter((r) => r.headers['webhook-id'] === headers['webhook-id']).length + 1;
        const status = this.answer(hook, attempt);
        setTimeout(() => {
          this.inProgress--;
          if (response.destroyed) return; // the sender gave up (or died) before the answer: not received
          this.received.push({ ...hook, at: Date.now(), status });
          response
            .writeHead(status, { 'content-type': 'text/plain' })
            .end(status < 300 ? '' : `receiver says ${status}`);
        }, this.delayMs);
      });
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** The webhook-ids the receiver accepted (2xx) at `path`. */
  accepted(path: string): Set<string> {
    return new Set(
      this.received.filter((r) => r.path === path && r.status < 300).map((r) => r.headers['webhook-id']!),
    );
  }
}
