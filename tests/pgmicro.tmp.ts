import pg from 'pg';
import { openDatabase, readWithScimToken, withScimToken } from '@rollcall/domain';
import { startTestDatabase } from '@rollcall/domain/testing';
import { seedTenant } from './bench/seed.js';
const db = await startTestDatabase();
const orm = await openDatabase({ databaseUrl: db.url });
const t = await seedTenant(orm, db.url, 'micro', 2000, 100);
// capture SQL texts
const seen: string[] = [];
const orig = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (q: any, ...rest: any[]) { seen.push(typeof q === 'string' ? q : q.text); return (orig as any).call(this, q, ...rest); };
const get = (id: string) => readWithScimToken(orm, t.id, t.token, { requestId: 'x' }, (s) => s.users.getWithGroups(id));
await get(t.sampleIds[0]!); seen.length = 0; await get(t.sampleIds[1]!);
console.log('GET statements:', seen.length); for (const s of seen) console.log('---\n' + s.slice(0, 3000));
seen.length = 0;
await withScimToken(orm, t.id, t.token, { requestId: 'x' }, (s) => s.users.update(t.sampleIds[2]!, { displayName: 'X' + Date.now() }));
console.log('PATCH statements:', seen.length); for (const s of seen) console.log('---\n' + s.slice(0, 600));
(pg.Client.prototype as any).query = orig;
// Serial latency of the raw GET message vs baseline's statement
const c = new pg.Client({ connectionString: db.url }); await c.connect();
const msg = (id: string) => seen.length >= 0 && getMsg.replace(t.sampleIds[1]!, id);
let getMsg = '';
seen.length = 0; (pg.Client.prototype as any).query = function (q: any, ...r: any[]) { seen.push(typeof q === 'string' ? q : q.text); return (orig as any).call(this, q, ...r); };
await get(t.sampleIds[1]!); getMsg = seen[0]!; (pg.Client.prototype as any).query = orig;
async function time(name: string, f: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await f(i);
  const n = 3000; const s = performance.now(); for (let i = 0; i < n; i++) await f(i);
  console.log(name.padEnd(40), ((performance.now() - s) * 1000 / n).toFixed(0), 'µs/op serial');
}
const ids = t.sampleIds;
await time('rollcall GET message', (i) => c.query(msg(ids[i % ids.length]!) as string));
await time('baseline GET', (i) => c.query(`select id, user_name, external_id, display_name, given_name, family_name, title, active, emails, version, created_at, updated_at from directory_user where tenant_id = $1 and id = $2`, [t.id, ids[i % ids.length]]));
const enter = getMsg.split(';\n')[0]!;
await time('enter only', () => c.query(enter));
await time('select 1', () => c.query('select 1'));
await c.end(); await orm.close(); await db.stop();
