// For the MikroORM CLI only (`pnpm --filter @rollcall/domain mikro-orm migration:create`).
// The application builds its config in database/orm.ts from validated settings.
import { ormConfig } from './database/orm.js';

export default ormConfig({ databaseUrl: process.env.DATABASE_URL ?? 'postgres://localhost/rollcall' });
