import { TenantDirectory, systemActor, withTenant, type LoginPolicy } from '@rollcall/domain';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { sessionCookie } from '../session-cookie.js';
import { Me } from '../types/admin.type.js';
import { RoleEnum } from '../types/enums.js';
import { DomainError } from '@rollcall/domain';

const me = (ctx: GraphQLContext): Me =>
  Object.assign(new Me(), {
    kind: ctx.principal!.kind === 'admin' ? 'ADMIN' : 'API_KEY',
    id: ctx.principal!.id,
    label: ctx.principal!.label,
    role: ctx.principal!.role as RoleEnum,
    tenant: ctx.tenant!.slug,
  });

@Resolver()
export class AuthResolver {
  @Authorized()
  @Query(() => Me, { description: 'Who is calling.' })
  me(@Ctx() ctx: GraphQLContext): Me {
    return me(ctx);
  }

  @Mutation(() => Me, {
    description:
      'Sign in to a tenant (its slug, e.g. "demo"); sets an HttpOnly session cookie. Failed attempts are limited per account and per address.',
  })
  async login(
    @Arg('tenant', () => String, { description: "The tenant's slug." }) tenantSlug: string,
    @Arg('email', () => String, { description: 'Sign-in email.' }) email: string,
    @Arg('password', () => String, { description: 'Password.' }) password: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Me> {
    const tenant = await new TenantDirectory(ctx.orm).findBySlug(tenantSlug);
    // An unknown tenant answers like a wrong password: sign-in never tells which part was wrong.
    if (!tenant) throw new DomainError('auth.invalid_credentials', 'Wrong email or password');
    const policy: LoginPolicy = ctx.config.login;
    const result = await withTenant(
      ctx.orm,
      tenant.id,
      { actor: systemActor('sign-in'), requestId: ctx.koa.state.requestId },
      (s) =>
        s.auth.login(
          {
            email,
            password,
            clientAddress: ctx.koa.ip || null,
            userAgent: ctx.koa.get('User-Agent') || null,
          },
          policy,
        ),
    );
    sessionCookie.set(ctx.koa, `${tenant.id}.${result.secret}`, result.expiresAt, ctx.config);
    return me({ ...ctx, principal: result.principal, tenant });
  }

  @Mutation(() => Boolean, { description: 'Sign out: ends this session and clears its cookie.' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    const session = sessionCookie.read(ctx.koa);
    if (session)
      await withTenant(ctx.orm, session.tenantId, { actor: systemActor('sign-out') }, (s) =>
        s.auth.logout(session.secret),
      );
    sessionCookie.clear(ctx.koa, ctx.config);
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Change the signed-in admin's password (API keys have none)." })
  async changePassword(
    @Arg('currentPassword', () => String, { description: 'The password now.' }) current: string,
    @Arg('newPassword', () => String, { description: 'At least 12 characters.' }) next: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    if (ctx.principal!.kind !== 'admin') throw new DomainError('invalid_input', 'API keys have no password');
    await ctx.run((s) => s.admins.changePassword(ctx.principal!.id, current, next));
    return true;
  }
}
