import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  publicOnlyLookup,
  webhookUrlProblem,
  type WebhookAttempt,
  type WebhookJob,
  type WebhookNetworkPolicy,
} from '@rollcall/domain';
import { signatureHeader } from './signature.js';

export interface SendOptions {
  timeoutMs: number;
  network: WebhookNetworkPolicy;
}

const userAgent = 'Rollcall-Webhooks/1';
/** How much of a failing receiver's answer is kept in the delivery log. */
const errorBodyChars = 200;

/**
 * POST one delivery and report what happened; never throws. Success is any 2xx; redirects are not
 * followed (a moved endpoint should be updated, not chased). Host names are resolved here and each
 * address checked against the network policy, and the connection goes to the address checked, so a
 * name that resolves to a private address (or is changed to one later) is refused.
 */
export async function sendWebhook(job: WebhookJob, options: SendOptions): Promise<WebhookAttempt> {
  const refused = (error: string): WebhookAttempt => ({
    id: job.id,
    ok: false,
    status: null,
    error,
    retryAfterMs: null,
  });
  const problem = job.problem ?? webhookUrlProblem(job.url, options.network);
  if (problem) return refused(problem);
  const body = JSON.stringify(job.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const url = new URL(job.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookAttempt>((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': userAgent,
          'webhook-id': job.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(job.secrets, job.eventId, timestamp, body),
        },
        lookup: options.network.allowPrivateNetworks ? undefined : publicOnlyLookup,
        timeout: options.timeoutMs,
      },
      (response) => {
        void readAnswer(response).then((text) => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({
            id: job.id,
            ok,
            status,
            error: ok ? null : `HTTP ${status}${text ? `: ${text}` : ''}`,
            retryAfterMs: ok ? null : retryAfterMs(response.headers['retry-after']),
          });
        });
      },
    );
    // The whole exchange is bounded, not just idle gaps: a receiver trickling bytes is a failure too.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(refused(error.message || String(error.code))),
    );
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  });
}

/** The start of the receiver's answer (for the delivery log); the rest is drained unread. */
async function readAnswer(response: IncomingMessage): Promise<string> {
  let text = '';
  try {
    for await (const chunk of response) {
      if (text.length < errorBodyChars) text += String(chunk);
    }
  } catch {
    // An answer cut short still has its status.
  }
  return text.slice(0, errorBodyChars).replace(/\s+/g, ' ').trim();
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(header: string | undefined): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
