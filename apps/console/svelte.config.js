import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // Built to build/handler.js, which the Koa server mounts: console, /graphql and /scim/v2 on one origin.
    adapter: adapter({ out: 'build' }),
    // A strict Content-Security-Policy on every page: SvelteKit hashes its own inline scripts ('auto'),
    // so nothing but the console's own code runs, and no other site may frame it (clickjacking).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['none'],
        'object-src': ['none'],
      },
    },
  },
};
