import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import {
  CustomAttribute,
  DeclareCustomAttributeInput,
  RemovedCustomAttribute,
  UpdateCustomAttributeInput,
} from '../types/custom-attribute.type.js';

/** GraphQL leaves omitted input fields undefined and explicit nulls null: the domain wants neither. */
const defined = <T extends object>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };

/** The tenant's custom user attributes (issue 18): admins declare, change and remove them. */
@Resolver()
export class CustomAttributeResolver {
  @Authorized('viewer')
  @Query(() => [CustomAttribute], { description: 'The custom user attributes, by URN then name.' })
  async customAttributes(@Ctx() ctx: GraphQLContext): Promise<CustomAttribute[]> {
    return (await ctx.read((s) => s.customAttributes.list())).map(CustomAttribute.from);
  }

  @Authorized('admin')
  @Mutation(() => CustomAttribute, {
    description: 'Declare a custom user attribute: the identity provider may send it from now on.',
  })
  async declareCustomAttribute(
    @Arg('input', () => DeclareCustomAttributeInput, { description: 'The attribute.' })
    input: DeclareCustomAttributeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomAttribute> {
    const { schema, name, type, ...rest } = input;
    return CustomAttribute.from(
      await ctx.run((s) => s.customAttributes.declare({ schema, name, type, ...defined(rest) })),
    );
  }

  @Authorized('admin')
  @Mutation(() => CustomAttribute, { description: 'Change what may change of a custom attribute.' })
  async updateCustomAttribute(
    @Arg('input', () => UpdateCustomAttributeInput, { description: 'The change.' })
    input: UpdateCustomAttributeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomAttribute> {
    const { id, ...rest } = input;
    return CustomAttribute.from(await ctx.run((s) => s.customAttributes.update(id, defined(rest))));
  }

  @Authorized('admin')
  @Mutation(() => RemovedCustomAttribute, {
    description:
      'Remove a custom attribute: it is no longer accepted, and every stored value of it is dropped.',
  })
  async removeCustomAttribute(
    @Arg('id', () => ID, { description: 'The attribute.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RemovedCustomAttribute> {
    const { attribute, valuesDropped } = await ctx.run((s) => s.customAttributes.remove(id));
    return Object.assign(new RemovedCustomAttribute(), {
      attribute: CustomAttribute.from(attribute),
      valuesDropped,
    });
  }
}
