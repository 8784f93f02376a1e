import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookJob } from '@rollcall/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendWebhook } from './sender.js';

// A real receiver on a local port; each test sets how it answers.
let answer: (req: IncomingMessage, res: ServerResponse) => void;
let requests: { headers: IncomingMessage['headers']; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    requests.push({ headers: req.headers, body });
    answer(req, res);
  });
});
let base = '';
beforeAll(async () => {
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});
beforeEach(() => {
  requests = [];
});

const secret = `whsec_${Buffer.from('a signing key of thirty-two bytes').toString('base64')}`;
const job = (url: string, more: Partial<WebhookJob> = {}): WebhookJob => ({
  id: 'delivery-1',
  eventId: '01a2289d-25d1-7001-b6da-c354c6a2f3ea',
  url,
  secrets: [secret],
  problem: null,
  attempts: 0,
  payload: { type: 'webhook.test', data: { n: 1 } },
  ...more,
});
const local = { timeoutMs: 500, network: { allowPrivateNetworks: true } };
const strict = { timeoutMs: 500, network: { allowPrivateNetworks: false } };

describe(sendWebhook.name, () => {
  it('POSTs the payload signed per Standard Webhooks; a 2xx is delivered', async () => {
    answer = (_req, res) => res.writeHead(204).end();
    expect(await sendWebhook(job(`${base}/in`), local)).toEqual({
      id: 'delivery-1',
      ok: true,
      status: 204,
      error: null,
      retryAfterMs: null,
    });
    const [{ headers, body }] = requests as [(typeof requests)[0]];
    expect(JSON.parse(body)).toEqual({ type: 'webhook.test', data: { n: 1 } });
    expect(headers['webhook-id']).toBe('01a2289d-25d1-7001-b6da-c354c6a2f3ea');
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });

  it.each([
    ['503 with Retry-After in seconds', 503, { 'retry-after': '7' }, 'busy', 'HTTP 503: busy', 7000],
    ['429 with no Retry-After', 429, {}, '', 'HTTP 429', null],
    ['a redirect, not followed', 302, { location: 'https://elsewhere.example/' }, '', 'HTTP 302', null],
    ['500 with a long body, cut', 500, {}, 'x'.repeat(5000), `HTTP 500: ${'x'.repeat(200)}`, null],
  ])('a failure: %s', async (_name, status, headers, body, error, retryAfterMs) => {
    answer = (_req, res) => res.writeHead(status, headers).end(body);
    expect(await sendWebhook(job(`${base}/in`), local)).toEqual({
      id: 'delivery-1',
      ok: false,
      status,
      error,
      retryAfterMs,
    });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    answer = () => undefined; // holds the request
    const attempt = await sendWebhook(job(`${base}/slow`), local);
    expect(attempt).toMatchObject({ ok: false, status: null, error: 'no answer within 500 ms' });
  });

  it('reports a closed port', async () => {
    const attempt = await sendWebhook(job('http://127.0.0.1:9/in'), local);
    expect(attempt).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it.each([
    ['the policy no longer allows the URL', job('http://127.0.0.1:9/in'), /must be https/],
    [
      'a secret that does not open',
      job('https://hooks.example.com/', { problem: 'Not sent: key changed' }),
      /key changed/,
    ],
  ])('sends nothing when %s', async (_name, refused, error) => {
    answer = (_req, res) => res.writeHead(204).end();
    expect(await sendWebhook(refused, strict)).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(error),
    });
    expect(requests).toEqual([]);
  });
});
