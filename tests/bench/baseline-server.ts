// The raw-SQL baseline: a minimal Node HTTP server that answers the benchmark's SCIM requests with
// the same SQL Rollcall needs, straight through node-postgres (no framework, no ORM, no transaction
// beyond what a statement needs), with the same JSON in and out. Env: DATABASE_URL, TENANTS
// (JSON slug → tenant id), PORT, POOL_SIZE.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
const tenants = JSON.parse(process.env.TENANTS ?? '{}') as Record<string, string>;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const cols =
  'id, user_name, external_id, display_name, given_name, family_name, title, active, emails, version, created_at, updated_at, custom_attributes';
// The bench's one custom attribute (seed.ts), returned under its URN as Rollcall returns it.
const BENCH = 'urn:ietf:params:scim:schemas:extension:Bench:2.0:User';

// A user's groups, as a list returns them (RFC 7643 §4.1.2: `groups` is returned by default).
const groupsColumn = `coalesce((select json_agg(json_build_object('id', g.id, 'displayName', g.display_name) order by g.display_name_key, g.id)
     from group_member m join directory_group g on g.tenant_id = m.tenant_id and g.id = m.group_id
    where m.tenant_id = u.tenant_id and m.user_id = u.id), '[]') as groups`;
const pageCols = `${cols}, ${groupsColumn}`;

const toUser = (r: Record<string, any>, base: string) => ({
  schemas: [USER],
  id: r.id,
  userName: r.user_name,
  ...(r.external_id ? { externalId: r.external_id } : {}),
  name: { givenName: r.given_name, familyName: r.family_name },
  displayName: r.display_name,
  ...(r.title ? { title: r.title } : {}),
  active: r.active,
  emails: r.emails,
  ...(r.custom_attributes && Object.keys(r.custom_attributes).length
    ? { [BENCH]: { badgeNumber: Object.values(r.custom_attributes)[0] } }
    : {}),
  ...(r.groups?.length
    ? {
        groups: r.groups.map((g: { id: string; displayName: string }) => ({
          value: g.id,
          display: g.displayName,
          $ref: `${base}/Groups/${g.id}`,
        })),
      }
    : {}),
  meta: {
    resourceType: 'User',
    created: r.created_at,
    lastModified: r.updated_at,
    location: `${base}/Users/${r.id}`,
    version: `W/"${r.version}"`,
  },
});
const list = (resources: unknown[], total: number, startIndex: number) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: total,
  itemsPerPage: resources.length,
  startIndex,
  Resources: resources,
});

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
}

function send(res: ServerResponse, status: number, payload?: unknown) {
  const text = payload === undefined ? '' : JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/scim+json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

// A directory's size as Rollcall keeps it (Migration20261204000000UserCounts): what a page's total costs.
const countSql = 'select coalesce(sum(delta), 0)::int as n from directory_user_count where tenant_id = $1';

/** The GraphQL users page: a page of 50 after a cursor, with each user's groups when asked. */
async function graphqlUsers(req: IncomingMessage, res: ServerResponse, tenant: string) {
  const { query, variables } = (await body(req)) as {
    query: string;
    variables: { first: number; after: string | null };
  };
  const groups = query.includes('groups {') ? `, ${groupsColumn}` : '';
  const [page, total, settings] = await Promise.all([
    pool.query(
      `select id, user_name, display_name, given_name, family_name, title, active, origin, managed_by, emails${groups}
         from directory_user u where tenant_id = $1 and id > $2 order by id limit $3`,
      [tenant, variables.after ?? '00000000-0000-0000-0000-000000000000', variables.first + 1],
    ),
    pool.query(countSql, [tenant]),
    query.includes('scimSettings')
      ? pool.query('select provider from scim_settings where tenant_id = $1', [tenant])
      : undefined,
  ]);
  const nodes = page.rows.slice(0, variables.first).map((r) => ({
    id: r.id,
    userName: r.user_name,
    displayName: r.display_name,
    givenName: r.given_name,
    familyName: r.family_name,
    title: r.title,
    active: r.active,
    origin: r.origin.toUpperCase(),
    managedBy: r.managed_by.toUpperCase(),
    emails: r.emails,
    ...(groups ? { groups: r.groups } : {}),
  }));
  const data = {
    users: {
      totalCount: total.rows[0].n,
      nodes,
      pageInfo: { endCursor: nodes.at(-1)?.id ?? null, hasNextPage: page.rows.length > variables.first },
    },
    ...(settings
      ? { scimSettings: { provider: String(settings.rows[0]?.provider ?? 'other').toUpperCase() } }
      : {}),
  };
  const text = JSON.stringify({ data });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, 'http://x');
  if (url.pathname === '/graphql') {
    const tenant = tenants[String(req.headers['x-bench-tenant'])];
    return tenant ? graphqlUsers(req, res, tenant) : send(res, 404, { status: '404' });
  }
  const [, , , slug, resource, id] = url.pathname.split('/');
  const tenant = tenants[slug!];
  if (!tenant) return send(res, 404, { status: '404' });
  const base = `http://${req.headers.host}/scim/v2/${slug}`;
  if (resource === 'Users' && !id && req.method === 'POST') {
    const b = await body(req);
    const { rows } = await pool.query(
      `insert into directory_user (tenant_id, id, user_name, external_id, display_name, given_name, family_name, active, emails, employee_number, department, origin, managed_by)
       values ($1, uuidv7(), $2, $3, $4, $5, $6, $7, $8, $9, $10, 'idp', 'idp') returning ${cols}`,
      [
        tenant,
        b.userName,
        b.externalId,
        b.displayName,
        b.name?.givenName,
        b.name?.familyName,
        b.active,
        JSON.stringify(b.emails ?? []),
        b['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.employeeNumber,
        b['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.department,
      ],
    );
    return send(res, 201, toUser(rows[0], base));
  }
  if (resource === 'Users' && !id && req.method === 'GET') {
    const filter = url.searchParams.get('filter');
    const count = Number(url.searchParams.get('count') ?? 100);
    if (filter) {
      const value = /"([^"]*)"\s*$/.exec(filter)?.[1] ?? '';
      const where = filter.startsWith('userName')
        ? 'user_name_key = lower($2)'
        : filter.startsWith('externalId')
          ? 'external_id = $2'
          : filter.startsWith('urn:')
            ? // A custom attribute: its keyed values (Migration20261204010000CustomAttributes).
              `id in (select v.user_id from custom_attribute_value v join custom_attribute a
                        on a.tenant_id = v.tenant_id and a.id = v.attribute_id
                      where v.tenant_id = $1 and a.name_key = 'badgenumber' and v.text_key = lower($2))`
            : 'work_email_key = lower($2)';
      const { rows } = await pool.query(
        `select ${cols} from directory_user where tenant_id = $1 and ${where} order by id limit $3`,
        [tenant, value, count],
      );
      return send(
        res,
        200,
        list(
          rows.map((r) => toUser(r, base)),
          rows.length,
          1,
        ),
      );
    }
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null) {
      const after = cursor
        ? Buffer.from(cursor, 'base64url').toString().split(':')[0]
        : '00000000-0000-0000-0000-000000000000';
      const { rows } = await pool.query(
        `select ${pageCols} from directory_user u where tenant_id = $1 and id > $2 order by id limit $3`,
        [tenant, after, count],
      );
      return send(res, 200, {
        ...list(
          rows.map((r) => toUser(r, base)),
          rows.length,
          1,
        ),
        nextCursor: rows.at(-1)?.id,
      });
    }
    const startIndex = Number(url.searchParams.get('startIndex') ?? 1);
    const [page, total] = await Promise.all([
      pool.query(
        // The skipped rows found on the index alone; only the page's rows read whole, with their groups.
        `select ${pageCols} from directory_user u where tenant_id = $1 and id in
           (select id from directory_user where tenant_id = $1 order by id limit $2 offset $3) order by id`,
        [tenant, count, startIndex - 1],
      ),
      pool.query(countSql, [tenant]),
    ]);
    return send(
      res,
      200,
      list(
        page.rows.map((r) => toUser(r, base)),
        total.rows[0].n,
        startIndex,
      ),
    );
  }
  if (resource === 'Users' && id) {
    if (req.method === 'GET') {
      const { rows } = await pool.query(
        `select ${cols} from directory_user where tenant_id = $1 and id = $2`,
        [tenant, id],
      );
      return rows[0] ? send(res, 200, toUser(rows[0], base)) : send(res, 404, { status: '404' });
    }
    const b = await body(req);
    if (req.method === 'PATCH') {
      const ops = b.Operations as { path: string; value: unknown }[];
      const get = (p: string) => ops.find((o) => o.path === p)?.value;
      const { rows } = await pool.query(
        `update directory_user set display_name = coalesce($3, display_name), given_name = coalesce($4, given_name), version = version + 1, updated_at = now()
          where tenant_id = $1 and id = $2 returning ${cols}`,
        [tenant, id, get('displayName'), get('name.givenName')],
      );
      return send(res, 200, toUser(rows[0], base));
    }
    if (req.method === 'PUT') {
      const { rows } = await pool.query(
        `update directory_user set user_name = $3, external_id = $4, display_name = $5, given_name = $6, family_name = $7, title = $8, active = $9, emails = $10, version = version + 1, updated_at = now()
          where tenant_id = $1 and id = $2 returning ${cols}`,
        [
          tenant,
          id,
          b.userName,
          b.externalId,
          b.displayName,
          b.name?.givenName,
          b.name?.familyName,
          b.title,
          b.active,
          JSON.stringify(b.emails ?? []),
        ],
      );
      return send(res, 200, toUser(rows[0], base));
    }
  }
  if (resource === 'Groups' && id) {
    if (req.method === 'GET') {
      const { rows } = await pool.query(
        'select id, display_name, version from directory_group where tenant_id = $1 and id = $2',
        [tenant, id],
      );
      return send(res, 200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        id: rows[0].id,
        displayName: rows[0].display_name,
        meta: { version: `W/"${rows[0].version}"` },
      });
    }
    if (req.method === 'PATCH') {
      const b = await body(req);
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select 1 from directory_group where tenant_id = $1 and id = $2 for update', [
          tenant,
          id,
        ]);
        for (const op of b.Operations as { op: string; value: { value: string }[] }[]) {
          const ids = `{${op.value.map((m) => m.value).join(',')}}`;
          if (op.op.toLowerCase() === 'add') {
            await client.query(
              'insert into group_member (tenant_id, group_id, user_id) select $1, $2, unnest($3::uuid[]) on conflict do nothing',
              [tenant, id, ids],
            );
          } else {
            await client.query(
              'delete from group_member where tenant_id = $1 and group_id = $2 and user_id = any($3::uuid[])',
              [tenant, id, ids],
            );
          }
        }
        await client.query(
          'update directory_group set version = version + 1, updated_at = now() where tenant_id = $1 and id = $2',
          [tenant, id],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
      return send(res, 204);
    }
  }
  return send(res, 404, { status: '404' });
}

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => send(res, 500, { status: '500', detail: String(error) }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('baseline listening\n'));
