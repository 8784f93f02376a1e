import type { ParameterizedContext } from 'koa';
import type { Config } from '../config.js';

const name = 'rollcall_session';
const pattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(rc_sess_[A-Za-z0-9_-]{43})$/;

/**
 * The console session cookie: `<tenant id>.<secret>` (the tenant lets the session be checked inside its
 * tenant's row-level security; only the secret's SHA-256 is stored). HttpOnly, SameSite=Lax, and
 * Secure when Rollcall is served over HTTPS.
 */
export const sessionCookie = {
  name,
  read(ctx: ParameterizedContext): { tenantId: string; secret: string } | null {
    const match = pattern.exec(ctx.cookies.get(name) ?? '');
    return match ? { tenantId: match[1]!, secret: match[2]! } : null;
  },
  set(ctx: ParameterizedContext, value: string, expires: Date, config: Config) {
    ctx.cookies.set(name, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(ctx, config),
      expires,
      path: '/',
      overwrite: true,
    });
  },
  clear(ctx: ParameterizedContext, config: Config) {
    ctx.cookies.set(name, '', {
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(ctx, config),
      expires: new Date(0),
      path: '/',
      overwrite: true,
    });
  },
};

// Behind a TLS-terminating proxy, ROLLCALL_TRUST_PROXY lets Koa see the original https.
const secure = (ctx: ParameterizedContext, _config: Config) => ctx.secure;
