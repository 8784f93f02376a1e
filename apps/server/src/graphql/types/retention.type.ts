import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "This workspace's own periods (null: the instance's default applies)." })
export class RetentionOverrides {
  @Field(() => Int, { nullable: true, description: 'SCIM request log, days.' }) requestLogDays!:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: 'Finished webhook deliveries, days.' }) webhookDays!:
    | number
    | null;
  @Field(() => Int, { nullable: true, description: 'Audit trail, days.' }) auditDays!: number | null;
}

@ObjectType({ description: 'How much of one kind of record this workspace holds, as last measured.' })
export class UsageOfKind {
  @Field(() => String, {
    description: 'request_log, webhook_delivery, audit_event, session, user, group or group_member.',
  })
  kind!: string;
  @Field(() => Float, { description: 'Rows.' }) rows!: number;
  @Field(() => Float, { description: "Bytes on disk: the workspace's share of the table, by its rows." })
  bytes!: number;
}

@ObjectType({ description: 'How long records are kept before they are pruned.' })
export class Retention {
  @Field(() => Int, { description: 'SCIM request log lines are kept this many days.' })
  requestLogDays!: number;
  @Field(() => Int, { description: 'Delivered or failed webhook deliveries: days after their last attempt.' })
  webhookDays!: number;
  @Field(() => Int, { description: 'Audit events are kept this many days.' }) auditDays!: number;
  @Field(() => RetentionOverrides, { description: 'Which of these are this workspace’s own.' })
  overrides!: RetentionOverrides;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When pruning last ran (any workspace).' })
  lastPrunedAt!: Date | null;
  @Field(() => [UsageOfKind], { description: 'What the workspace holds, measured after each pruning pass.' })
  usage!: UsageOfKind[];
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When usage was measured (null: not yet).',
  })
  usageMeasuredAt!: Date | null;
}

@InputType({ description: 'Periods to set; null returns one to the default, an absent one stays.' })
export class RetentionInput {
  @Field(() => Int, { nullable: true, description: 'SCIM request log, days (1–3650).' })
  requestLogDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Finished webhook deliveries, days (1–3650).' })
  webhookDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Audit trail, days (1–36500).' }) auditDays?:
    | number
    | null;
}

@ObjectType({ description: 'A deleted workspace: recorded outside it (who, when, rows per table).' })
export class WorkspaceDeletion {
  @Field(() => ID, { description: 'The id the workspace had.' }) id!: string;
  @Field(() => String, { description: 'Its slug, free to be used again.' }) slug!: string;
  @Field(() => Int, { description: 'Rows deleted with it, in all tables.' }) rowsDeleted!: number;
}
