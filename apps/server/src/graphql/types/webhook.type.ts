import type { WebhookDelivery as Delivery, WebhookEndpoint as Endpoint } from '@rollcall/domain';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { WebhookDeliveryStatusEnum, WebhookEventTypeEnum } from './enums.js';

@ObjectType({
  description:
    'Where provisioning events are delivered: signed POSTs (Standard Webhooks), at least once, retried with back-off.',
})
export class WebhookEndpoint {
  @Field(() => ID, { description: 'The endpoint id.' }) id!: string;
  @Field(() => String, {
    description: 'The receiver URL (https, public, unless the server allows otherwise).',
  })
  url!: string;
  @Field(() => String, { description: 'What it is for (may be empty).' }) description!: string;
  @Field(() => [WebhookEventTypeEnum], { description: 'The events it receives.' })
  eventTypes!: WebhookEventTypeEnum[];
  @Field(() => Boolean, { description: 'Disabled endpoints receive nothing; their queued deliveries wait.' })
  enabled!: boolean;
  @Field(() => GraphQLISODateTime, { description: 'When it was added.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'After a secret rotation: deliveries are signed with the previous secret too, until then.',
  })
  previousSecretExpiresAt!: Date | null;
  @Field(() => Int, { description: 'Deliveries waiting for an attempt (paused ones included).' })
  pending!: number;
  @Field(() => Int, { description: 'Deliveries that ran out of attempts.' }) failed!: number;

  static from(endpoint: Endpoint): WebhookEndpoint {
    return Object.assign(new WebhookEndpoint(), endpoint, {
      eventTypes: endpoint.eventTypes as string[] as WebhookEventTypeEnum[],
    });
  }
}

@ObjectType({ description: 'A webhook endpoint with its signing secret, shown this once.' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint, { description: 'The endpoint.' }) endpoint!: WebhookEndpoint;
  @Field(() => String, {
    description:
      'The signing secret (whsec_…): HMAC-SHA256 key of the webhook-signature header. Copy it now, it is never shown again.',
  })
  secret!: string;
}

@ObjectType({ description: 'One event on its way to one endpoint: the delivery log.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'The delivery id.' }) id!: string;
  @Field(() => ID, { description: 'The endpoint.' }) endpointId!: string;
  @Field(() => ID, {
    description: 'The event, also sent as the webhook-id header (the same on every attempt).',
  })
  eventId!: string;
  @Field(() => String, { description: 'The event type (or webhook.test).' }) eventType!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the change happened.' }) occurredAt!: Date;
  @Field(() => WebhookDeliveryStatusEnum, { description: 'Where it stands.' })
  status!: WebhookDeliveryStatusEnum;
  @Field(() => Int, { description: 'Attempts so far.' }) attempts!: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a pending delivery is tried next.' })
  nextAttemptAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The last attempt.' })
  lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt." })
  lastStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' }) lastError!:
    | string
    | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the receiver accepted it.' })
  deliveredAt!: Date | null;
  @Field(() => GraphQLJSON, {
    description:
      'The JSON body sent (the same on every attempt; the signature headers are made per attempt).',
  })
  payload!: Record<string, unknown>;

  static from(delivery: Delivery): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), delivery, {
      status: delivery.status as WebhookDeliveryStatusEnum,
    });
  }
}

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'The receiver URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' }) description?: string | null;
  @Field(() => [WebhookEventTypeEnum], { description: 'The events to deliver (at least one).' })
  eventTypes!: WebhookEventTypeEnum[];
  @Field(() => Boolean, { nullable: true, description: 'Start enabled (default true).' }) enabled?:
    | boolean
    | null;
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: 'The receiver URL.' }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' }) description?: string | null;
  @Field(() => [WebhookEventTypeEnum], { nullable: true, description: 'The events to deliver.' })
  eventTypes?: WebhookEventTypeEnum[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Disable (queued deliveries wait, nothing new is queued) or enable (they go).',
  })
  enabled?: boolean | null;
}
