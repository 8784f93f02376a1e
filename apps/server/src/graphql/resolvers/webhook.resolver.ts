import type { NewWebhookEndpoint } from '@rollcall/domain';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { WebhookDeliveryStatusEnum } from '../types/enums.js';
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../types/webhook.type.js';

/** GraphQL leaves omitted input fields undefined and explicit nulls null: the domain wants neither. */
const defined = <T extends object>(input: T) =>
  Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<NewWebhookEndpoint>;

const withSecret = (result: { endpoint: Parameters<typeof WebhookEndpoint.from>[0]; secret: string }) =>
  Object.assign(new WebhookEndpointWithSecret(), {
    endpoint: WebhookEndpoint.from(result.endpoint),
    secret: result.secret,
  });

/**
 * Webhooks for integrators. Reading needs an admin; adding or changing where the tenant's user data is
 * sent needs an owner (like API keys).
 */
@Resolver()
export class WebhookResolver {
  @Authorized('admin')
  @Query(() => [WebhookEndpoint], { description: "The tenant's webhook endpoints, oldest first." })
  async webhookEndpoints(@Ctx() ctx: GraphQLContext): Promise<WebhookEndpoint[]> {
    return (await ctx.run((s) => s.webhooks.listEndpoints())).map(WebhookEndpoint.from);
  }

  @Authorized('admin')
  @Query(() => [WebhookDelivery], { description: "An endpoint's delivery log, newest event first." })
  async webhookDeliveries(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) endpointId: string,
    @Arg('status', () => WebhookDeliveryStatusEnum, {
      nullable: true,
      description: 'Only these (default: all).',
    })
    status: WebhookDeliveryStatusEnum | null,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 50, at most 1000).' })
    first: number | null,
    @Arg('before', () => ID, {
      nullable: true,
      description: 'Older than this eventId (the last one of a page).',
    })
    before: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookDelivery[]> {
    const deliveries = await ctx.run((s) =>
      s.webhooks.deliveries(endpointId, {
        status: status ?? undefined,
        before: before ?? undefined,
        limit: first ?? 50,
      }),
    );
    return deliveries.map(WebhookDelivery.from);
  }

  @Authorized('owner')
  @Mutation(() => WebhookEndpointWithSecret, {
    description: 'Add a webhook endpoint; its signing secret is returned this once.',
  })
  async createWebhookEndpoint(
    @Arg('input', () => CreateWebhookEndpointInput, { description: 'The endpoint.' })
    input: CreateWebhookEndpointInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookEndpointWithSecret> {
    const endpoint = defined(input) as NewWebhookEndpoint;
    return withSecret(
      await ctx.run((s) =>
        s.webhooks.createEndpoint(endpoint, ctx.config.webhooks.network, ctx.config.webhooks.secrets),
      ),
    );
  }

  @Authorized('owner')
  @Mutation(() => WebhookEndpoint, { description: 'Change a webhook endpoint (URL, events, enabled).' })
  async updateWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Arg('input', () => UpdateWebhookEndpointInput, { description: 'What to change.' })
    input: UpdateWebhookEndpointInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookEndpoint> {
    const change = defined(input);
    return WebhookEndpoint.from(
      await ctx.run((s) => s.webhooks.updateEndpoint(id, change, ctx.config.webhooks.network)),
    );
  }

  @Authorized('owner')
  @Mutation(() => Boolean, { description: 'Remove a webhook endpoint and its delivery log.' })
  async deleteWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.run((s) => s.webhooks.removeEndpoint(id));
    return true;
  }

  @Authorized('owner')
  @Mutation(() => WebhookEndpointWithSecret, {
    description: 'A new signing secret, returned this once; for a day deliveries carry signatures by both.',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookEndpointWithSecret> {
    return withSecret(await ctx.run((s) => s.webhooks.rotateSecret(id, ctx.config.webhooks.secrets)));
  }

  @Authorized('admin')
  @Mutation(() => WebhookDelivery, {
    description:
      'Send a delivery again now (failed, waiting for a retry, or delivered and lost by the receiver).',
  })
  async retryWebhookDelivery(
    @Arg('id', () => ID, { description: 'The delivery.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookDelivery> {
    return WebhookDelivery.from(await ctx.run((s) => s.webhooks.retryDelivery(id)));
  }

  @Authorized('admin')
  @Mutation(() => WebhookDelivery, { description: 'Queue a webhook.test event for one endpoint.' })
  async sendTestWebhook(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) endpointId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookDelivery> {
    return WebhookDelivery.from(await ctx.run((s) => s.webhooks.sendTest(endpointId)));
  }
}
