// Imported first by main.ts, so it runs before any library reads NODE_ENV at load time. Rollcall's
// server is a production build unless told otherwise: graphql-js otherwise checks every failed
// `instanceof` for a second copy of itself (3 % of the CPU of a GraphQL list page in the profile), and
// Apollo serves a development landing page that loads from the internet. Tests set NODE_ENV=test.
// eslint-disable-next-line no-restricted-properties -- set for libraries, before they load; read by none of ours
process.env.NODE_ENV ??= 'production';
