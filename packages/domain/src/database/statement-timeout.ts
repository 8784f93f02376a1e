import type { MikroORM } from '@mikro-orm/postgresql';

const statementTimeouts = new WeakMap<MikroORM, number>();

export const setStatementTimeout = (orm: MikroORM, ms: number): void => void statementTimeouts.set(orm, ms);

/** The statement timeout tenant transactions on this ORM run with (`OrmOptions.statementTimeoutMs`). */
export const statementTimeoutOf = (orm: MikroORM): number => statementTimeouts.get(orm) ?? 15_000;
