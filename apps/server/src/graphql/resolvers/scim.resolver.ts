import type { ScimSettingsSnapshot } from '@rollcall/domain';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { runSelfCheck } from '../../scim/self-check.js';
import { ScimProviderEnum, UserScopeEnum } from '../types/enums.js';
import {
  Attention,
  ConnectionHealth,
  DeprovisioningBrake,
  HealthBucket,
  HealthWarning,
  IgnoredScimAttribute,
  SelfCheckStep,
  ScimSettings,
  ScimTokenInfo,
  ScimTokenResult,
  UpdateScimSettingsInput,
} from '../types/scim.type.js';

function toSettings(
  ctx: GraphQLContext,
  s: ScimSettingsSnapshot & { idpManagedUsers?: number; consoleUsers?: number },
): ScimSettings {
  // Viewers never see tokens, not even their prefix.
  const visible = ctx.principal!.role !== 'viewer';
  const info = (token: ScimSettingsSnapshot['tokens'][number] | undefined) =>
    token && visible ? Object.assign(new ScimTokenInfo(), token) : null;
  return Object.assign(new ScimSettings(), {
    enabled: s.enabled,
    provider: s.provider as ScimProviderEnum,
    userScope: s.userScope as UserScopeEnum,
    strictAttributes: s.strictAttributes,
    scimUrl: `${ctx.config.publicUrl}/scim/v2/${ctx.tenant!.slug}`,
    token: info(s.tokens[0]),
    previousToken: info(s.tokens[1]),
    idpManagedUsers: s.idpManagedUsers,
    consoleUsers: s.consoleUsers,
    deprovisioningBrake: Object.assign(new DeprovisioningBrake(), s.deprovisioningBrake),
  });
}

@Resolver()
export class ScimResolver {
  @Authorized('viewer')
  @Query(() => ScimSettings, { description: 'The Identity & Security settings.' })
  async scimSettings(@Ctx() ctx: GraphQLContext): Promise<ScimSettings> {
    return toSettings(ctx, await ctx.read((s) => s.scim.get()));
  }

  @Authorized('viewer')
  @Query(() => Attention, { description: 'What needs an admin now: a deprovisioning hold, open conflicts.' })
  async attention(@Ctx() ctx: GraphQLContext): Promise<Attention> {
    return Object.assign(new Attention(), await ctx.read((s) => s.scim.attention()));
  }

  @Authorized('viewer')
  @Query(() => ConnectionHealth, {
    description:
      'How the connection with the identity provider is doing: traffic, errors, dialect, warnings.',
  })
  async connectionHealth(@Ctx() ctx: GraphQLContext): Promise<ConnectionHealth> {
    const health = await ctx.run((s) => s.scim.health());
    return Object.assign(new ConnectionHealth(), {
      ...health,
      hourly: health.hourly.map((b) => Object.assign(new HealthBucket(), b)),
      warnings: health.warnings.map((w) => Object.assign(new HealthWarning(), w)),
    });
  }

  @Authorized('viewer')
  @Query(() => [IgnoredScimAttribute], {
    description:
      'Attributes the identity provider sends that Rollcall does not keep, most recently sent first ' +
      '(at most 100 names are kept).',
  })
  async ignoredScimAttributes(@Ctx() ctx: GraphQLContext): Promise<IgnoredScimAttribute[]> {
    const list = await ctx.run((s) => s.requestLog.ignoredAttributes());
    return list.map((a) => Object.assign(new IgnoredScimAttribute(), a));
  }

  @Authorized('admin')
  @Mutation(() => [SelfCheckStep], {
    description:
      "Test my connection: replay the chosen IdP's typical requests (match, create, update, deactivate, group " +
      'push) against this tenant’s SCIM endpoint with a short-lived token of its own, on a temporary user and ' +
      'group that are deleted afterwards. SCIM must be on.',
  })
  async runScimSelfCheck(@Ctx() ctx: GraphQLContext): Promise<SelfCheckStep[]> {
    const { provider } = await ctx.run((s) => s.scim.get());
    const { id, token } = await ctx.run((s) => s.scim.issueSelfCheckToken());
    try {
      const steps = await runSelfCheck({
        baseUrl: `${ctx.config.publicUrl}/scim/v2/${ctx.tenant!.slug}`,
        token,
        provider,
      });
      return steps.map((step) => Object.assign(new SelfCheckStep(), step));
    } finally {
      await ctx.run((s) => s.scim.revokeSelfCheckToken(id));
    }
  }

  @Authorized('admin')
  @Mutation(() => ScimTokenResult, {
    description:
      'Switch SCIM on (issues a token, returned this once) or off (stops synchronisation at once and revokes every token; users stay as they are).',
  })
  async setScimEnabled(
    @Arg('enabled', () => Boolean, { description: 'On or off.' }) enabled: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimTokenResult> {
    if (enabled) {
      const { settings, token } = await ctx.run((s) => s.scim.enable());
      return Object.assign(new ScimTokenResult(), { settings: toSettings(ctx, settings), token });
    }
    return Object.assign(new ScimTokenResult(), {
      settings: toSettings(ctx, await ctx.run((s) => s.scim.disable())),
      token: null,
    });
  }

  @Authorized('admin')
  @Mutation(() => ScimTokenResult, {
    description:
      'Issue a new SCIM token, returned this once. The current one keeps working for the overlap, or ' +
      'until the identity provider first uses the new one, so the IdP can be updated without a gap.',
  })
  async regenerateScimToken(
    @Arg('overlapMinutes', () => Int, {
      nullable: true,
      description:
        'How long the current token keeps working (default 1440, a day; 0 = stops now; at most 10080).',
    })
    overlapMinutes: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimTokenResult> {
    const { settings, token } = await ctx.run((s) =>
      s.scim.regenerateToken(overlapMinutes == null ? {} : { overlapMinutes }),
    );
    return Object.assign(new ScimTokenResult(), { settings: toSettings(ctx, settings), token });
  }

  @Authorized('admin')
  @Mutation(() => ScimSettings, { description: 'Stop the replaced SCIM token now, before its overlap ends.' })
  async revokePreviousScimToken(@Ctx() ctx: GraphQLContext): Promise<ScimSettings> {
    return toSettings(ctx, await ctx.run((s) => s.scim.revokePreviousToken()));
  }

  @Authorized('admin')
  @Mutation(() => ScimSettings, {
    description: 'Save provider, user scope and the deprovisioning brake together (audited, before → after).',
  })
  async updateScimSettings(
    @Arg('input', () => UpdateScimSettingsInput, { description: 'What to save.' })
    input: UpdateScimSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimSettings> {
    // Absent and null both mean "leave as is".
    const change = Object.fromEntries(Object.entries(input).filter(([, value]) => value != null));
    return toSettings(ctx, await ctx.run((s) => s.scim.update(change)));
  }

  @Authorized('admin')
  @Mutation(() => ScimSettings, {
    description:
      'Release a deprovisioning hold: the IdP’s held deactivations and deletes go through on its next ' +
      'retries, and deprovisioning flows unchecked for one window.',
  })
  async releaseDeprovisioningHold(@Ctx() ctx: GraphQLContext): Promise<ScimSettings> {
    return toSettings(ctx, await ctx.run((s) => s.scim.releaseDeprovisioningHold()));
  }
}
