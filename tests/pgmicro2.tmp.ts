import pg from 'pg';
import { openDatabase } from '@rollcall/domain';
import { startTestDatabase } from '@rollcall/domain/testing';
import { hashSecret } from '@rollcall/domain';
import { seedTenant } from './bench/seed.js';
const db = await startTestDatabase();
const orm = await openDatabase({ databaseUrl: db.url });
const t = await seedTenant(orm, db.url, 'micro', 2000, 100);
const c = new pg.Client({ connectionString: db.url }); await c.connect();
const cols = `u.id as "id", u.user_name as "userName", u.external_id as "externalId", u.formatted_name as "formattedName", u.family_name as "familyName", u.given_name as "givenName", u.middle_name as "middleName", u.honorific_prefix as "honorificPrefix", u.honorific_suffix as "honorificSuffix", u.display_name as "displayName", u.nick_name as "nickName", u.profile_url as "profileUrl", u.title as "title", u.user_type as "userType", u.preferred_language as "preferredLanguage", u.locale as "locale", u.timezone as "timezone", u.active as "active", u.emails as "emails", u.phone_numbers as "phoneNumbers", u.ims as "ims", u.photos as "photos", u.addresses as "addresses", u.entitlements as "entitlements", u.roles as "roles", u.x509_certificates as "x509Certificates", u.employee_number as "employeeNumber", u.cost_center as "costCenter", u.organization as "organization", u.division as "division", u.department as "department", u.manager as "manager", u.origin as "origin", u.managed_by as "managedBy", u.keep_console_managed as "keepConsoleManaged", u.version as "version", u.created_at as "createdAt", u.updated_at as "updatedAt", case when u.manager is null then null else rollcall_manager(u.tenant_id, u.id, u.manager) end as "managerUser"`;
const hash = hashSecret(t.token);
const enter = `select id, token_hash as "tokenHash", provider, user_scope as "userScope", stale, first_use as "firstUse", purpose, strict_attributes as "strictAttributes" from rollcall_enter('${t.id}', '${hash}', 15000)`;
const ids = t.sampleIds;
async function time(name: string, f: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await f(i);
  const n = 3000; const s = performance.now(); for (let i = 0; i < n; i++) await f(i);
  console.log(name.padEnd(50), ((performance.now() - s) * 1000 / n).toFixed(0), 'µs/op serial');
}
const id = (i: number) => ids[i % ids.length];
for (let r = 0; r < 2; r++) {
await time('select 1', () => c.query('select 1'));
await time('enter only (simple)', () => c.query(enter));
await time('set_config x4 only', () => c.query(`select set_config('statement_timeout','15000ms',true), set_config('rollcall.tenant_id','${t.id}',true), set_config('rollcall.user_scope','',true), set_config('role','rollcall_app',true)`));
await time('enter+full select w/ groups (simple)', (i) => c.query(`${enter}; select ${cols}, rollcall_user_groups(u.tenant_id, u.id) as "groups" from directory_user u where u.tenant_id = '${t.id}' and u.id = '${id(i)}'`));
await time('enter+full select no groups (simple)', (i) => c.query(`${enter}; select ${cols} from directory_user u where u.tenant_id = '${t.id}' and u.id = '${id(i)}'`));
await time('enter+ 12 cols (simple)', (i) => c.query(`${enter}; select id, user_name, external_id, display_name, given_name, family_name, title, active, emails, version, created_at, updated_at from directory_user u where u.tenant_id = '${t.id}' and u.id = '${id(i)}'`));
await time('owner: full select w/ groups prepared', (i) => c.query({ name: 'p1', text: `select ${cols}, rollcall_user_groups(u.tenant_id, u.id) as "groups" from directory_user u where u.tenant_id = $1 and u.id = $2`, values: [t.id, id(i)] }));
await time('owner: full select w/ groups unnamed', (i) => c.query({ text: `select ${cols}, rollcall_user_groups(u.tenant_id, u.id) as "groups" from directory_user u where u.tenant_id = $1 and u.id = $2`, values: [t.id, id(i)] }));
await time('baseline', (i) => c.query(`select id, user_name, external_id, display_name, given_name, family_name, title, active, emails, version, created_at, updated_at from directory_user where tenant_id = $1 and id = $2`, [t.id, id(i)]));
}
await c.end(); await orm.close(); await db.stop();
