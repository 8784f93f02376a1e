import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The instance's signing key (Migration20261203010000InstanceKey), the same in every server process:
 * for values the server issues and must recognise when a client hands them back (SCIM cursors).
 */
export async function instanceSigningKey(orm: MikroORM): Promise<string> {
  const [row] = await orm.em
    .fork()
    .execute<{ signing_key: string }[]>('select signing_key from instance_key');
  if (!row) throw new Error('instance_key has no row: the migrations did not run');
  return row.signing_key;
}
