import {
  TenantDirectory,
  instanceSigningKey,
  systemActor,
  withTenant,
  type MikroORM,
} from '@rollcall/domain';
import { cursorCodec } from '@rollcall/server/testing';
import pg from 'pg';

export interface SeededTenant {
  slug: string;
  id: string;
  token: string;
  /** A viewer API key, for the GraphQL scenarios. */
  apiKey: string;
  /** A custom attribute every user has a value of (`badge-<n>`), for the custom lookup scenario. */
  badge: { schema: string; name: string; id: string };
  users: number;
  /** Ids of some users, in id order, for lookups and updates. */
  sampleIds: string[];
  /** An id near the end of the directory (a deep cursor). */
  deepCursor: string;
  bigGroup: { id: string; members: number };
  /** GraphQL `after` cursors of the first 100 pages of 50 (null: the first page). */
  pageCursors: (string | null)[];
  /** Users that are not in the big group (for add/remove). */
  outsiders: string[];
}

/**
 * Seed a tenant straight in SQL (insert … select generate_series, one statement per table), not over
 * HTTP: a million users take seconds this way. The tenant itself and its token go through the domain.
 */
export async function seedTenant(
  orm: MikroORM,
  url: string,
  slug: string,
  users: number,
  groupSize: number,
): Promise<SeededTenant> {
  const tenant = await new TenantDirectory(orm).create({ slug, name: slug });
  const badgeSchema = 'urn:ietf:params:scim:schemas:extension:Bench:2.0:User';
  const { token, apiKey, badge } = await withTenant(
    orm,
    tenant.id,
    { actor: systemActor('bench') },
    async (s) => ({
      token: (await s.scim.enable()).token,
      apiKey: (await s.apiKeys.create({ name: 'bench', role: 'viewer' })).key,
      badge: await s.customAttributes.declare({
        schema: badgeSchema,
        name: 'badgeNumber',
        type: 'string',
        uniqueness: 'server',
      }),
    }),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into directory_user (tenant_id, id, user_name, external_id, display_name, given_name, family_name, emails, origin, managed_by, custom_attributes)
       select $1, uuidv7(), 'user-' || g || '@' || $2 || '.test', 'ext-' || g, 'User ' || g, 'Given' || g, 'Family' || g,
              jsonb_build_array(jsonb_build_object('value', 'user-' || g || '@' || $2 || '.test', 'type', 'work', 'primary', true)), 'idp', 'idp',
              jsonb_build_object($4::text, 'badge-' || g)
         from generate_series(1, $3::int) g`,
      [tenant.id, slug, users, badge.id],
    );
    const group = await client.query(
      `insert into directory_group (tenant_id, id, display_name, origin, managed_by) values ($1, uuidv7(), 'Everyone ' || $2, 'idp', 'idp') returning id`,
      [tenant.id, slug],
    );
    const groupId = group.rows[0].id as string;
    await client.query(
      `insert into group_member (tenant_id, group_id, user_id)
       select $1, $2, id from directory_user where tenant_id = $1 order by id limit $3`,
      [tenant.id, groupId, groupSize],
    );
    await client.query(
      `insert into directory_group (tenant_id, id, display_name, origin, managed_by)
                        select $1, uuidv7(), 'Team ' || g, 'idp', 'idp' from generate_series(1, 20) g`,
      [tenant.id],
    );
    // The first 5,000 users (the GraphQL pages read) each in one or two teams: a page shows each
    // user's groups. Only those: the SCIM scenarios stay comparable with earlier runs.
    await client.query(
      `insert into group_member (tenant_id, group_id, user_id)
       select u.tenant_id, g.id, u.id
         from (select tenant_id, id from directory_user where tenant_id = $1 order by id limit 5000) u
         join lateral (select id from directory_group
                        where tenant_id = u.tenant_id and display_name like 'Team %'
                        order by id offset (abs(hashtext(u.id::text)) % 19) limit 1 + (abs(hashtext(u.id::text)) % 2)) g on true`,
      [tenant.id],
    );
    // A directory in its steady state: vacuumed (the visibility map lets index-only scans skip the heap).
    await client.query(
      'vacuum (analyze) directory_user, group_member, directory_group, custom_attribute_value',
    );
    const sample = await client.query(
      `select id from directory_user where tenant_id = $1 and id in (select id from directory_user where tenant_id = $1 order by random() limit 2000) order by id`,
      [tenant.id],
    );
    const deep = await client.query(
      `select id from directory_user where tenant_id = $1 order by id desc offset 150 limit 1`,
      [tenant.id],
    );
    const pageEnds = await client.query(
      `select id from (select id, row_number() over (order by id) as n from directory_user
                        where tenant_id = $1 order by id limit 4950) u where n % 50 = 0 order by id`,
      [tenant.id],
    );
    const outsiders = await client.query(
      `select id from directory_user u where tenant_id = $1 and not exists (select 1 from group_member m where m.tenant_id = $1 and m.group_id = $2 and m.user_id = u.id) order by id limit 5000`,
      [tenant.id, groupId],
    );
    return {
      slug,
      id: tenant.id,
      token,
      apiKey,
      badge: { schema: badgeSchema, name: badge.name, id: badge.id },
      users,
      sampleIds: sample.rows.map((r) => r.id as string),
      // Cursors are opaque and signed with the instance's key, as Rollcall issues them.
      deepCursor: cursorCodec(await instanceSigningKey(orm)).encode(deep.rows[0]?.id, users),
      bigGroup: { id: groupId, members: groupSize },
      outsiders: outsiders.rows.map((r) => r.id as string),
      pageCursors: [null, ...pageEnds.rows.map((r) => r.id as string)],
    };
  } finally {
    await client.end();
  }
}
