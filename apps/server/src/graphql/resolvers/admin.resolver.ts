import type { AdminSnapshot, ApiKeySnapshot } from '@rollcall/domain';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Admin, ApiKey, CreateAdminInput, CreatedAdmin, CreatedApiKey } from '../types/admin.type.js';
import { RoleEnum } from '../types/enums.js';

const toAdmin = (a: AdminSnapshot) => Object.assign(new Admin(), { ...a, role: a.role as RoleEnum });
const toKey = (k: ApiKeySnapshot) => Object.assign(new ApiKey(), { ...k, role: k.role as RoleEnum });

/** Admins and API keys: owners only. */
@Resolver()
export class AdminResolver {
  @Authorized('owner')
  @Query(() => [Admin], { description: "The tenant's admins." })
  async admins(@Ctx() ctx: GraphQLContext): Promise<Admin[]> {
    return (await ctx.run((s) => s.admins.list())).map(toAdmin);
  }

  @Authorized('owner')
  @Mutation(() => CreatedAdmin, {
    description: 'Add an admin; without a password one is generated and returned this once.',
  })
  async createAdmin(
    @Arg('input', () => CreateAdminInput, { description: 'The admin.' }) input: CreateAdminInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedAdmin> {
    const { admin, generatedPassword } = await ctx.run((s) =>
      s.admins.create({
        email: input.email,
        role: input.role,
        name: input.name ?? null,
        password: input.password ?? undefined,
      }),
    );
    return Object.assign(new CreatedAdmin(), { admin: toAdmin(admin), password: generatedPassword });
  }

  @Authorized('owner')
  @Mutation(() => Admin, { description: "Change an admin's role (a tenant always keeps an owner)." })
  async changeAdminRole(
    @Arg('id', () => ID, { description: 'Admin id.' }) id: string,
    @Arg('role', () => RoleEnum, { description: 'New role.' }) role: RoleEnum,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Admin> {
    return toAdmin(await ctx.run((s) => s.admins.changeRole(id, role)));
  }

  @Authorized('owner')
  @Mutation(() => Boolean, {
    description: 'Remove an admin and their sessions (a tenant always keeps an owner).',
  })
  async removeAdmin(
    @Arg('id', () => ID, { description: 'Admin id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.run((s) => s.admins.remove(id));
    return true;
  }

  @Authorized('owner')
  @Query(() => [ApiKey], { description: "The tenant's API keys, revoked ones included." })
  async apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKey[]> {
    return (await ctx.run((s) => s.apiKeys.list())).map(toKey);
  }

  @Authorized('owner')
  @Mutation(() => CreatedApiKey, { description: 'Create an API key; the key is returned this once.' })
  async createApiKey(
    @Arg('name', () => String, { description: 'What it is for.' }) name: string,
    @Arg('role', () => RoleEnum, { description: 'What it may do.' }) role: RoleEnum,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedApiKey> {
    const { apiKey, key } = await ctx.run((s) => s.apiKeys.create({ name, role }));
    return Object.assign(new CreatedApiKey(), { apiKey: toKey(apiKey), key });
  }

  @Authorized('owner')
  @Mutation(() => ApiKey, { description: 'Revoke an API key: it stops working at once.' })
  async revokeApiKey(
    @Arg('id', () => ID, { description: 'Key id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ApiKey> {
    return toKey(await ctx.run((s) => s.apiKeys.revoke(id)));
  }
}
