import { error } from '@sveltejs/kit';
import { api, attempt, text, type OnIdOperation } from '$lib/server/api';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RetryWebhookDeliveryDocument,
  RotateWebhookSecretDocument,
  SendTestWebhookDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '$lib/graphql/generated/graphql';
import type { Action, Actions, PageServerLoad } from './$types';

const statuses: WebhookDeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED', 'PAUSED'];

/** The endpoints, and the delivery log of the one chosen (`?endpoint=`, else the first). */
export const load: PageServerLoad = async ({ cookies, locals, url }) => {
  if (locals.me?.role === 'VIEWER') error(403, 'Webhooks are for admins and owners');
  const { webhookEndpoints: endpoints } = await api(cookies, WebhookEndpointsDocument);
  const selected = endpoints.find((e) => e.id === url.searchParams.get('endpoint')) ?? endpoints[0] ?? null;
  const status = statuses.find((s) => s === url.searchParams.get('status')) ?? null;
  const before = url.searchParams.get('before');
  const deliveries = selected
    ? (
        await api(cookies, WebhookDeliveriesDocument, {
          id: selected.id,
          status,
          before,
        })
      ).webhookDeliveries
    : [];
  return { endpoints, selected, deliveries, status, before, statuses };
};

const idOf = async (request: Request) => text(await request.formData(), 'id');

/** An action that runs one operation on the form's `id` and says `message`. */
const onId =
  (operation: OnIdOperation, message: string): Action =>
  async ({ cookies, request }) => {
    const id = await idOf(request);
    return attempt(async () => {
      await api(cookies, operation, { id });
      return { message };
    });
  };

export const actions: Actions = {
  create: async ({ cookies, request }) => {
    const form = await request.formData();
    const values = { url: String(form.get('url') ?? ''), description: String(form.get('description') ?? '') };
    const eventTypes = form.getAll('eventTypes').map(String) as WebhookEventType[];
    return attempt(
      async () => {
        const { createWebhookEndpoint: created } = await api(cookies, CreateWebhookEndpointDocument, {
          input: { ...values, eventTypes },
        });
        return {
          message: `Added ${created.endpoint.url}.`,
          secret: created.secret,
          secretFor: created.endpoint.url,
        };
      },
      { ...values, eventTypes },
    );
  },
  toggle: async ({ cookies, request }) => {
    const form = await request.formData();
    const enabled = form.get('enabled') === 'true';
    return attempt(async () => {
      await api(cookies, UpdateWebhookEndpointDocument, { id: text(form, 'id'), input: { enabled } });
      return { message: enabled ? 'Endpoint enabled: waiting deliveries go now.' : 'Endpoint disabled.' };
    });
  },
  test: onId(SendTestWebhookDocument, 'Test event queued: it appears in the delivery log below.'),
  rotate: async ({ cookies, request }) => {
    const id = await idOf(request);
    return attempt(async () => {
      const { rotateWebhookSecret: rotated } = await api(cookies, RotateWebhookSecretDocument, { id });
      return {
        message: 'New signing secret. For a day, deliveries are signed with the old one too.',
        secret: rotated.secret,
        secretFor: rotated.endpoint.url,
      };
    });
  },
  remove: onId(DeleteWebhookEndpointDocument, 'Endpoint removed.'),
  retry: onId(RetryWebhookDeliveryDocument, 'Delivery queued to be sent again now.'),
};
