import type { Middleware } from 'koa';

/**
 * Headers every response carries (the console's pages add a Content-Security-Policy of their own,
 * see apps/console/svelte.config.js): no MIME sniffing, no framing, no referrer leaking URLs (with
 * tenant slugs) to other sites, and HSTS when the request came over https.
 */
export function securityHeaders(): Middleware {
  return async function securityHeadersMiddleware(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    // Not no-referrer: with it, browsers send `Origin: null` on same-origin form posts (Fetch §3.1),
    // which CSRF checks rightly refuse.
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (ctx.protocol === 'https') ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
