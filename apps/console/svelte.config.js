import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // Built to build/handler.js, which the Koa server mounts: console, /graphql and /scim/v2 on one origin.
    adapter: adapter({ out: 'build' }),
  },
};
