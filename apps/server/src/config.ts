import { fileURLToPath } from 'node:url';
import { SecretBox } from '@rollcall/domain';
import { z } from 'zod';

/** The repository root: src/ and dist/ both sit two levels below it. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const port = z.coerce.number().int().min(0).max(65_535);
/** 32 bytes in base64: an AES-256 key for sealed secrets. */
const isSecretsKey = (key: string) => /^[A-Za-z0-9+/]{43}=$/.test(key);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })),
  DATABASE_DIRECT_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })),
  ROLLCALL_MIGRATION_LOCK_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ROLLCALL_DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  ROLLCALL_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  ROLLCALL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  ROLLCALL_MAX_HEADER_BYTES: z.coerce.number().int().min(8192).max(1_048_576).default(65_536),
  ROLLCALL_METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  ROLLCALL_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  ROLLCALL_RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(10).default(1000),
  ROLLCALL_SCIM_RATE_LIMIT: z.coerce.number().int().min(0).default(6000),
  ROLLCALL_GRAPHQL_RATE_LIMIT: z.coerce.number().int().min(0).default(1200),
  ROLLCALL_DATA_DIR: z.string().min(1).default(`${repoRoot}.data`),
  ROLLCALL_PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })),
  ROLLCALL_ADMIN_EMAIL: optional(z.email()),
  ROLLCALL_ADMIN_PASSWORD: optional(z.string().min(12, 'must be at least 12 characters')),
  ROLLCALL_CONSOLE_DIR: z.string().min(1).default(`${repoRoot}apps/console/build`),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  ROLLCALL_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  ROLLCALL_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(43_200),
  ROLLCALL_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  ROLLCALL_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  ROLLCALL_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  ROLLCALL_SCIM_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  ROLLCALL_SCIM_MAX_RESULTS: z.coerce.number().int().min(1).max(10_000).default(1000),
  ROLLCALL_SCIM_DEFAULT_COUNT: z.coerce.number().int().min(1).default(100),
  ROLLCALL_SCIM_MAX_BULK_OPERATIONS: z.coerce.number().int().min(1).default(1000),
  ROLLCALL_SCIM_MAX_PATCH_OPERATIONS: z.coerce.number().int().min(1).default(1000),
  ROLLCALL_SCIM_MAX_FILTER_LENGTH: z.coerce.number().int().min(64).default(4096),
  ROLLCALL_SCIM_MAX_MEMBERS_PER_PATCH: z.coerce.number().int().min(1).default(10_000),
  ROLLCALL_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  ROLLCALL_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ROLLCALL_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  ROLLCALL_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  ROLLCALL_WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).default(21_600_000),
  ROLLCALL_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(15),
  ROLLCALL_WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  ROLLCALL_RETENTION_REQUEST_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ROLLCALL_RETENTION_WEBHOOK_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ROLLCALL_RETENTION_AUDIT_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
  ROLLCALL_PRUNE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
  ROLLCALL_SECRETS_KEY: optional(
    z
      .string()
      .refine(isSecretsKey, 'must be 32 random bytes in base64 (e.g. from `openssl rand -base64 32`)'),
  ),
  ROLLCALL_SECRETS_PREVIOUS_KEYS: optional(
    z
      .string()
      .refine(
        (keys) => keys.split(',').every((key) => isSecretsKey(key.trim())),
        'must be comma-separated keys, each 32 bytes in base64 (the ROLLCALL_SECRETS_KEY values before)',
      ),
  ),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** PostgreSQL itself when `databaseUrl` goes through a pooler: where migrations run. */
  databaseDirectUrl: string | undefined;
  /** How long a starting process waits for another one's migrations. */
  migrationLockTimeoutMs: number;
  databasePoolSize: number;
  /** Bearer token Prometheus scrapes `/metrics` with; unset → no `/metrics`. */
  metricsToken: string | undefined;
  /** Longest wait for a database connection; past it, requests get 503 instead of hanging. */
  databaseTimeoutMs: number;
  /** How long one statement of a request's transaction may run (PostgreSQL statement_timeout). */
  statementTimeoutMs: number;
  /** Named prepared statements on the hot path (off behind PgBouncer < 1.21 in transaction mode). */
  preparedStatements: boolean;
  /** HTTP: how long a client may take to send a whole request, and how large its head may be. */
  http: { requestTimeoutMs: number; maxHeaderBytes: number };
  /**
   * Requests per window per SCIM token and per GraphQL principal (0 = unlimited). Counted in each
   * process and pooled through PostgreSQL every second, so the limits hold across processes.
   */
  rateLimits: Readonly<{
    windowSeconds: number;
    syncMs: number;
    scimPerToken: number;
    graphqlPerPrincipal: number;
  }>;
  dataDir: string;
  /** Whether ROLLCALL_DATA_DIR was left at its default (the embedded database may then relocate it). */
  dataDirIsDefault: boolean;
  publicUrl: string;
  /** Whether ROLLCALL_PUBLIC_URL was left unset (then the URL follows the port actually listened on). */
  publicUrlIsDefault: boolean;
  admin: { email: string | undefined; password: string | undefined };
  consoleDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Whether X-Forwarded-* headers are trusted (client address for throttling, https for cookies). */
  trustProxy: boolean;
  /** Sessions and sign-in throttling (failed attempts per window, per account and per address). */
  login: Readonly<{
    sessionTtlSeconds: number;
    perAccount: { limit: number; seconds: number };
    perAddress: { limit: number; seconds: number };
  }>;
  /** Limits the SCIM endpoint enforces and advertises in /ServiceProviderConfig. */
  scim: Readonly<{
    maxPayloadBytes: number;
    maxResults: number;
    defaultCount: number;
    maxBulkOperations: number;
    maxPatchOperations: number;
    maxFilterLength: number;
    /** Member values one group PATCH may add or remove (PUT/POST are bounded by the payload size). */
    maxMembersPerPatch: number;
  }>;
  /** Webhook deliveries (every process dispatches; see apps/server/src/webhooks). */
  /** How long records are kept (days) unless a tenant sets its own, and how often pruning runs. */
  retention: Readonly<{
    defaults: Readonly<{ requestLogDays: number; webhookDays: number; auditDays: number }>;
    intervalSeconds: number;
  }>;
  webhooks: Readonly<{
    /** How often a process looks for due deliveries when it found none. */
    pollMs: number;
    /** Longest wait for a receiver's answer; a later answer counts as a failed attempt. */
    timeoutMs: number;
    /** Deliveries one process sends at once. */
    concurrency: number;
    retry: Readonly<{ baseMs: number; maxMs: number; maxAttempts: number }>;
    /** http:// and private/loopback receivers (development, tests, on-premises); off by default. */
    network: Readonly<{ allowPrivateNetworks: boolean }>;
    /** Seals signing secrets in the database (ROLLCALL_SECRETS_KEY); without a key they are stored as is. */
    secrets: SecretBox;
  }>;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Read and validate the environment once, at start. Every problem is reported together, so one
 * restart fixes them all. This is the only module that reads process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    migrationLockTimeoutMs: e.ROLLCALL_MIGRATION_LOCK_TIMEOUT_MS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseTimeoutMs: e.ROLLCALL_DATABASE_TIMEOUT_MS,
    statementTimeoutMs: e.ROLLCALL_STATEMENT_TIMEOUT_MS,
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'true',
    http: Object.freeze({
      requestTimeoutMs: e.ROLLCALL_REQUEST_TIMEOUT_MS,
      maxHeaderBytes: e.ROLLCALL_MAX_HEADER_BYTES,
    }),
    metricsToken: e.ROLLCALL_METRICS_TOKEN,
    rateLimits: Object.freeze({
      windowSeconds: e.ROLLCALL_RATE_LIMIT_WINDOW_SECONDS,
      syncMs: e.ROLLCALL_RATE_LIMIT_SYNC_MS,
      scimPerToken: e.ROLLCALL_SCIM_RATE_LIMIT,
      graphqlPerPrincipal: e.ROLLCALL_GRAPHQL_RATE_LIMIT,
    }),
    dataDir: e.ROLLCALL_DATA_DIR,
    dataDirIsDefault: !env.ROLLCALL_DATA_DIR,
    publicUrl: (
      e.ROLLCALL_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`
    ).replace(/\/+$/, ''),
    publicUrlIsDefault: !e.ROLLCALL_PUBLIC_URL,
    admin: Object.freeze({ email: e.ROLLCALL_ADMIN_EMAIL, password: e.ROLLCALL_ADMIN_PASSWORD }),
    consoleDir: e.ROLLCALL_CONSOLE_DIR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.ROLLCALL_TRUST_PROXY === 'true',
    login: Object.freeze({
      sessionTtlSeconds: e.ROLLCALL_SESSION_TTL_SECONDS,
      perAccount: {
        limit: e.ROLLCALL_LOGIN_MAX_FAILURES_PER_ACCOUNT,
        seconds: e.ROLLCALL_LOGIN_WINDOW_SECONDS,
      },
      perAddress: {
        limit: e.ROLLCALL_LOGIN_MAX_FAILURES_PER_ADDRESS,
        seconds: e.ROLLCALL_LOGIN_WINDOW_SECONDS,
      },
    }),
    retention: Object.freeze({
      defaults: Object.freeze({
        requestLogDays: e.ROLLCALL_RETENTION_REQUEST_LOG_DAYS,
        webhookDays: e.ROLLCALL_RETENTION_WEBHOOK_DAYS,
        auditDays: e.ROLLCALL_RETENTION_AUDIT_DAYS,
      }),
      /** 0: this process never prunes (another one, or none). */
      intervalSeconds: e.ROLLCALL_PRUNE_INTERVAL_SECONDS,
    }),
    scim: Object.freeze({
      maxPayloadBytes: e.ROLLCALL_SCIM_MAX_PAYLOAD_BYTES,
      maxResults: e.ROLLCALL_SCIM_MAX_RESULTS,
      defaultCount: Math.min(e.ROLLCALL_SCIM_DEFAULT_COUNT, e.ROLLCALL_SCIM_MAX_RESULTS),
      maxBulkOperations: e.ROLLCALL_SCIM_MAX_BULK_OPERATIONS,
      maxPatchOperations: e.ROLLCALL_SCIM_MAX_PATCH_OPERATIONS,
      maxFilterLength: e.ROLLCALL_SCIM_MAX_FILTER_LENGTH,
      maxMembersPerPatch: e.ROLLCALL_SCIM_MAX_MEMBERS_PER_PATCH,
    }),
    webhooks: Object.freeze({
      pollMs: e.ROLLCALL_WEBHOOK_POLL_MS,
      timeoutMs: e.ROLLCALL_WEBHOOK_TIMEOUT_MS,
      concurrency: e.ROLLCALL_WEBHOOK_CONCURRENCY,
      retry: Object.freeze({
        baseMs: e.ROLLCALL_WEBHOOK_RETRY_BASE_MS,
        maxMs: Math.max(e.ROLLCALL_WEBHOOK_RETRY_MAX_MS, e.ROLLCALL_WEBHOOK_RETRY_BASE_MS),
        maxAttempts: e.ROLLCALL_WEBHOOK_MAX_ATTEMPTS,
      }),
      network: Object.freeze({ allowPrivateNetworks: e.ROLLCALL_WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true' }),
      secrets: new SecretBox(
        e.ROLLCALL_SECRETS_KEY,
        e.ROLLCALL_SECRETS_PREVIOUS_KEYS?.split(',').map((key) => key.trim()) ?? [],
      ),
    }),
  });
}

/**
 * Tell the console (mounted in this process, reading `$env/dynamic/private` per request) where the API
 * listens, once the port is known. Server-side loads call it directly, never through the public URL.
 */
export function shareApiUrlWithConsole(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  process.env.ROLLCALL_API_URL = url;
  // adapter-node assumes https unless told: the console middleware passes Koa's view of the protocol
  // (which honours ROLLCALL_TRUST_PROXY) in this header, so SvelteKit's CSRF check sees the real origin.
  process.env.PROTOCOL_HEADER = consoleProtocolHeader;
  return url;
}

export const consoleProtocolHeader = 'x-rollcall-protocol';

/** With PORT=0 the port is known only once listening: the default public URL follows it. */
export function withListeningPort(config: Config, port: number): Config {
  if (!config.publicUrlIsDefault || port === config.port) return config;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return Object.freeze({ ...config, port, publicUrl: `http://${host}:${port}` });
}
