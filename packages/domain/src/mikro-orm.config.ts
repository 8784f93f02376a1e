// For the MikroORM CLI only (`pnpm --filter @rollcall/domain mikro-orm migration:create`).
// The application builds its config in database/orm.ts from validated settings.
import { ormConfig } from './database/orm.js';

// eslint-disable-next-line no-restricted-properties -- the CLI has no config module; it needs the URL
export default ormConfig({ databaseUrl: process.env.DATABASE_URL ?? 'postgres://localhost/rollcall' });
