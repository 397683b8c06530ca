// The server's whole configuration, read from the environment once and validated (docs/api-rules.md#configuration).
// Nothing else reads process.env. A bad variable stops start-up with one line naming it.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_PROVIDER_NAME } from '@coditect/api/contract';
import { parseNetwork } from '@coditect/api';

// Both from src/config.ts and from the bundle in dist/, three levels up is the repository root.
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEFAULT_DATA_DIR = join(REPO_ROOT, '.data');
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90", "90s", "15m", "1h", "30d" → seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1);
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

export interface RateLimitWindow {
  points: number;
  durationSeconds: number;
}

/** "100/1m,1000/1h" → windows; every window must allow at least one request. */
export function parseRateLimit(text: string): RateLimitWindow[] | undefined {
  const windows: RateLimitWindow[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(part);
    if (!match) return undefined;
    const points = Number(match[1]);
    const durationSeconds = parseDurationSeconds(match[2] ?? '');
    if (!Number.isSafeInteger(points) || points < 1 || durationSeconds === undefined) return undefined;
    windows.push({ points, durationSeconds });
  }
  return windows.length > 0 ? windows : undefined;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "1mb", "512kb", "1048576" → bytes. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * (BYTE_UNITS[(match[2] ?? '').toLowerCase()] ?? 1);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** "https://App.example.com:443/" → "https://app.example.com" (how browsers send Origin); "*" stays. */
export function parseOrigin(text: string): string | undefined {
  if (text === '*') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

/** Decimal digits only: z.coerce.number() would read " " as 0 and take "0x1F90", "1e3" or "-0". */
function wholeNumber(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max} (got "${text}")` });
      return z.NEVER;
    }
    return value;
  });
}

function duration(example: string) {
  return z.string().transform((text, ctx) => {
    const seconds = parseDurationSeconds(text);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a duration like ${example} (got "${text}")` });
      return z.NEVER;
    }
    return seconds;
  });
}

function rateLimit() {
  return z.string().transform((text, ctx) => {
    const windows = parseRateLimit(text);
    if (!windows) {
      ctx.addIssue({ code: 'custom', message: `must look like 5/15m or 100/1m,1000/1h (got "${text}")` });
      return z.NEVER;
    }
    return windows;
  });
}

function byteSize(example: string) {
  return z.string().transform((text, ctx) => {
    const bytes = parseByteSize(text);
    if (bytes === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a size like ${example} (got "${text}")` });
      return z.NEVER;
    }
    return bytes;
  });
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** One more operator provider in LLM_PROVIDERS. */
const OperatorProviderSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'name: 1-64 letters, digits, dots, dashes or underscores')
    .refine((name) => name.toLowerCase() !== 'default', 'name cannot be "default"'),
  base_url: z.url({ protocol: /^https?$/ }),
  api_key: z.string().min(1).optional(),
  models: z.array(z.string().min(1).max(200)).max(200).optional(),
});
export type OperatorProvider = z.infer<typeof OperatorProviderSchema>;

/** One more OpenID Connect issuer in OIDC_PROVIDERS (Google has its own variables). */
const OidcProviderSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'id: 1-32 lower-case letters, digits or dashes')
    .refine((id) => !['google', 'github', 'local'].includes(id), 'id cannot be google, github or local'),
  name: z.string().trim().min(1).max(40),
  issuer: z.url({ protocol: /^https?$/ }),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scopes: z.array(z.string().min(1).max(100)).max(20).optional(),
});
export type OidcProviderConfig = z.infer<typeof OidcProviderSchema>;

/** A JSON array in one variable, each element checked by `item`. */
function jsonList<T extends z.ZodType>(item: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array, e.g. [{"name":"openai","base_url":"https://…"}]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item).max(50));
}

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
    PORT: wholeNumber(0, 65_535).default(8080),
    /** Unset: loopback in development and tests, every interface in production. */
    HOST: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
    WEB_DIR: z.string().min(1).default(DEFAULT_WEB_DIR),
    STORE: z.enum(['embedded', 'fdb']).default('embedded'),
    FDB_CLUSTER_FILE: z.string().min(1).optional(),
    JWT_SECRET: z
      .string()
      .refine((secret) => Buffer.byteLength(secret) >= 32, 'must be at least 32 bytes long')
      .optional(),
    JWT_SECRET_PREVIOUS: z
      .string()
      .refine((secret) => Buffer.byteLength(secret) >= 32, 'must be at least 32 bytes long')
      .optional(),
    AUDIT_SECRET: z
      .string()
      .refine((secret) => Buffer.byteLength(secret) >= 32, 'must be at least 32 bytes long')
      .optional(),
    PROVIDER_KEYS_SECRET: z
      .string()
      .refine((secret) => Buffer.byteLength(secret) >= 32, 'must be at least 32 bytes long')
      .optional(),
    AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
    METRICS_TOKEN: z
      .string()
      .refine((token) => Buffer.byteLength(token) >= 16, 'must be at least 16 bytes long')
      .optional(),
    ACCESS_TOKEN_TTL: duration('1h').default(3600),
    REFRESH_TOKEN_TTL: duration('30d').default(30 * 86_400),
    SESSION_MAX_AGE: duration('30d').default(30 * 86_400),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    RATE_LIMIT_USER: rateLimit().default([
      { points: 100, durationSeconds: 60 },
      { points: 1000, durationSeconds: 3600 },
      { points: 10_000, durationSeconds: 86_400 },
    ]),
    RATE_LIMIT_TENANT: rateLimit().default([
      { points: 500, durationSeconds: 60 },
      { points: 5000, durationSeconds: 3600 },
      { points: 50_000, durationSeconds: 86_400 },
    ]),
    RATE_LIMIT_LOGIN: rateLimit().default([{ points: 5, durationSeconds: 900 }]),
    RATE_LIMIT_LOGIN_IP: rateLimit().default([{ points: 100, durationSeconds: 900 }]),
    RATE_LIMIT_LOGIN_ACCOUNT: rateLimit().default([{ points: 20, durationSeconds: 3600 }]),
    RATE_LIMIT_REGISTER: rateLimit().default([{ points: 3, durationSeconds: 3600 }]),
    RATE_LIMIT_REFRESH: rateLimit().default([
      { points: 30, durationSeconds: 60 },
      { points: 300, durationSeconds: 3600 },
    ]),
    RATE_LIMIT_MESSAGES: rateLimit().default([{ points: 60, durationSeconds: 60 }]),
    RATE_LIMIT_TASKS: rateLimit().default([{ points: 5, durationSeconds: 60 }]),
    RATE_LIMIT_MAIL: rateLimit().default([{ points: 5, durationSeconds: 3600 }]),
    RATE_LIMIT_OAUTH: rateLimit().default([{ points: 30, durationSeconds: 900 }]),
    TRUST_PROXY: booleanFlag.default(false),
    /** Where users reach the web app (links in mails); unset: http://localhost:<PORT>. */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com')
      .optional(),
    MAIL_FROM: z.string().trim().min(3).max(320).default('Coditect <no-reply@localhost>'),
    EMAIL_VERIFICATION: z.enum(['optional', 'required']).default('optional'),
    OAUTH_GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    OAUTH_GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    OAUTH_GITHUB_CLIENT_ID: z.string().min(1).optional(),
    OAUTH_GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    OAUTH_GITHUB_URL: z.url({ protocol: /^https?$/ }).default('https://github.com'),
    OAUTH_GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.github.com'),
    OIDC_PROVIDERS: jsonList(OidcProviderSchema).default([]),
    CORS_ORIGINS: z
      .string()
      .transform((text, ctx) => {
        const origins: string[] = [];
        for (const entry of text
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)) {
          const origin = parseOrigin(entry);
          if (origin === undefined) {
            ctx.addIssue({ code: 'custom', message: `must list origins like https://app.example.com or * (got "${entry}")` });
            return z.NEVER;
          }
          origins.push(origin);
        }
        return origins;
      })
      .optional(),
    BODY_LIMIT: byteSize('1mb or 512kb').default(MiB),
    WORKSPACES_DIR: z.string().min(1).optional(),
    WORKSPACE_MAX_BYTES: byteSize('2gb').default(2 * GiB),
    WORKSPACE_MAX_FILES: wholeNumber(1, 1_000_000_000).default(200_000),
    WORKSPACE_MAX_FILE_SIZE: byteSize('100mb').default(100 * MiB),
    TENANT_WORKSPACES_MAX_BYTES: byteSize('20gb').default(20 * GiB),
    TENANT_WORKSPACES_MAX_FILES: wholeNumber(1, 1_000_000_000).default(2_000_000),
    FILE_EDIT_LIMIT: byteSize('10mb').default(10 * MiB),
    UPLOAD_LIMIT: byteSize('512mb').default(512 * MiB),
    DOWNLOAD_LIMIT: byteSize('2gb').default(2 * GiB),
    WORKSPACE_UID: wholeNumber(1, 4_294_967_294).default(1000),
    WORKSPACE_GID: wholeNumber(1, 4_294_967_294).default(1000),
    RIPGREP_PATH: z.string().min(1).default('rg'),
    TERMINALS_ENABLED: booleanFlag.default(true),
    BWRAP_PATH: z.string().min(1).default('/usr/bin/bwrap'),
    TERMINAL_IDLE_TTL: duration('30m').default(30 * 60),
    TERMINAL_NETWORK: booleanFlag.default(false),
    TERMINAL_MAX: wholeNumber(1, 100_000).default(256),
    TERMINAL_SCROLLBACK: byteSize('256kb').default(256 * 1024),
    TERMINAL_CPU_TIME: duration('4h').default(4 * 3600),
    TERMINAL_MEMORY: byteSize('8gb').default(8 * GiB),
    TERMINAL_PROCESSES: wholeNumber(4, 1_000_000).default(512),
    TERMINAL_FILE_SIZE: byteSize('2gb').default(2 * GiB),
    LLM_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:1234/v1'),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_PROVIDER_NAME: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .refine((name) => name.toLowerCase() !== 'default', 'cannot be "default" (it always names the default provider)')
      .default(DEFAULT_PROVIDER_NAME),
    LLM_PROVIDERS: jsonList(OperatorProviderSchema).default([]),
    LLM_TIMEOUT: duration('120s').default(120),
    LLM_TENANT_ALLOWED_NETWORKS: z
      .string()
      .transform((text, ctx) => {
        const networks = text
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
        for (const network of networks) {
          try {
            parseNetwork(network);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
            return z.NEVER;
          }
        }
        return networks;
      })
      .default([]),
    TASK_MAX_STEPS: wholeNumber(1, 10_000).default(50),
    TASK_MAX_TOKENS: wholeNumber(1, 1_000_000_000).default(2_000_000),
    TASK_MAX_DURATION: duration('30m').default(30 * 60),
    TASK_MAX_ACTIVE_PER_USER: wholeNumber(1, 100_000).default(5),
    TASK_MAX_ACTIVE_PER_TENANT: wholeNumber(1, 1_000_000).default(50),
    TASK_COMMAND_TIMEOUT: duration('10m').default(10 * 60),
    LLM_MAX_TOKENS: wholeNumber(1, 10_000_000).default(4_096),
    LLM_MAX_CONTEXT_TOKENS: wholeNumber(1, 10_000_000).default(32_000),
    TOKEN_BUDGET_USER: wholeNumber(0, 1_000_000_000_000).default(2_000_000),
    TOKEN_BUDGET_TENANT: wholeNumber(0, 1_000_000_000_000).default(20_000_000),
    TASK_COMMAND_OUTPUT: byteSize('256kb').default(256 * 1024),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO_MODE: booleanFlag.default(false),
    WORKERS: wholeNumber(1, availableParallelism() * 4).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.STORE === 'fdb' && !config.FDB_CLUSTER_FILE) {
      ctx.addIssue({ code: 'custom', path: ['FDB_CLUSTER_FILE'], message: 'is required when STORE=fdb' });
    }
    const names = [config.LLM_PROVIDER_NAME, ...config.LLM_PROVIDERS.map((provider) => provider.name)].map((name) =>
      name.toLowerCase(),
    );
    if (new Set(names).size !== names.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_PROVIDERS'],
        message: 'names must differ from each other and from LLM_PROVIDER_NAME',
      });
    }
    if (config.TASK_COMMAND_TIMEOUT > 3600) {
      ctx.addIssue({ code: 'custom', path: ['TASK_COMMAND_TIMEOUT'], message: 'must be at most 1h' });
    }
    if (config.TERMINAL_MEMORY < 64 * MiB) {
      ctx.addIssue({ code: 'custom', path: ['TERMINAL_MEMORY'], message: 'must be at least 64mb' });
    }
    if (config.NODE_ENV === 'production' && config.DEMO_MODE) {
      ctx.addIssue({ code: 'custom', path: ['DEMO_MODE'], message: 'cannot be enabled in production' });
    }
    for (const provider of ['GOOGLE', 'GITHUB'] as const) {
      if (Boolean(config[`OAUTH_${provider}_CLIENT_ID`]) !== Boolean(config[`OAUTH_${provider}_CLIENT_SECRET`])) {
        ctx.addIssue({
          code: 'custom',
          path: [`OAUTH_${provider}_CLIENT_SECRET`],
          message: `and OAUTH_${provider}_CLIENT_ID go together`,
        });
      }
    }
    const oidcIds = config.OIDC_PROVIDERS.map((provider) => provider.id);
    if (new Set(oidcIds).size !== oidcIds.length) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_PROVIDERS'], message: 'ids must differ from each other' });
    }
    const signInProviders =
      Boolean(config.OAUTH_GOOGLE_CLIENT_ID) || Boolean(config.OAUTH_GITHUB_CLIENT_ID) || oidcIds.length > 0;
    if (config.NODE_ENV === 'production' && signInProviders && !config.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production with sign-in providers (their redirect URI)',
      });
    }
    if (config.NODE_ENV === 'production' && config.SMTP_URL && !config.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production when SMTP_URL is set (the links in mails)',
      });
    }
    if (config.EMAIL_VERIFICATION === 'required' && !config.SMTP_URL && config.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['EMAIL_VERIFICATION'], message: 'required needs SMTP_URL (nobody could verify)' });
    }
    if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production (at least 32 bytes)' });
    }
    for (const name of ['JWT_SECRET', 'JWT_SECRET_PREVIOUS', 'AUDIT_SECRET', 'PROVIDER_KEYS_SECRET'] as const) {
      const secret = config[name];
      if (config.NODE_ENV === 'production' && secret !== undefined && estimatedEntropyBits(secret) < MIN_SECRET_ENTROPY_BITS) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is too predictable for production (about ${Math.floor(estimatedEntropyBits(secret))} bits; use at least ${MIN_SECRET_ENTROPY_BITS}, e.g. openssl rand -base64 48)`,
        });
      }
    }
    if (config.JWT_SECRET_PREVIOUS !== undefined && config.JWT_SECRET_PREVIOUS === config.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET_PREVIOUS'], message: 'must differ from JWT_SECRET' });
    }
  })
  .transform((config) => ({ ...config, HOST: config.HOST ?? (config.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1') }));

const MIN_SECRET_ENTROPY_BITS = 96;

/**
 * How many bits of guessing a secret is worth, judged by its character distribution (Shannon
 * entropy × length): `openssl rand -base64 48` scores ~280, 32 repeats of one character 0.
 */
export function estimatedEntropyBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const character of secret) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...secret].length;
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / length) * Math.log2(count / length);
  return bitsPerCharacter * length;
}

export type Config = z.infer<typeof ConfigSchema>;

/** Where the workspace trees live: WORKSPACES_DIR, by default DATA_DIR/workspaces. */
export function workspacesDir(config: Pick<Config, 'DATA_DIR' | 'WORKSPACES_DIR'>): string {
  return resolve(config.WORKSPACES_DIR ?? join(config.DATA_DIR, 'workspaces'));
}

/** Every variable the server reads (README's table and .env.example must list each one). */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.in.shape) as (keyof Config)[];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Adds the variables of `.env` in the current directory, then of `<repo>/.env`, to process.env.
 * A variable already set wins over both files (process.loadEnvFile never overwrites one; the same
 * rule as node --env-file), and the current directory's file wins over the repository's.
 * Returns the files it read.
 */
export function loadEnvFiles(directories: readonly string[] = [process.cwd(), REPO_ROOT]): string[] {
  const files = [...new Set(directories.map((directory) => resolve(directory, '.env')))];
  const loaded: string[] = [];
  for (const file of files) {
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    try {
      process.loadEnvFile(file);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: cannot read ${file} (${(error as Error).message.split('\n')[0]})`);
    }
    loaded.push(file);
  }
  return loaded;
}

/** Parses the environment; empty strings count as unset so `FOO=` in a .env file means "default". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = ConfigSchema.safeParse(relevant);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = issue?.path[0] ?? 'configuration';
  throw new ConfigError(`Invalid configuration: ${String(variable)} ${issue?.message ?? 'is invalid'}`);
}
