// The configuration is documented twice, in README's table and in .env.example; both must list
// exactly the variables the schema reads, so neither can drift from the code again.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config';
import { DEVELOPMENT_ORIGINS } from '../src/http/cors-policy';

const repoFile = (name: string) => readFile(new URL(`../../../${name}`, import.meta.url), 'utf8');

/** The rows of README's "## Configuration" table, by variable. */
async function readmeConfigurationRows(): Promise<Map<string, string>> {
  const readme = await repoFile('README.md');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Z0-9_]+)`\s*\|(.*)$/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

describe('configuration documentation', () => {
  it("README's configuration table lists every variable, and only those", async () => {
    const documented = [...(await readmeConfigurationRows()).keys()];
    expect(documented.toSorted()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('.env.example lists every variable, and only those', async () => {
    const assigned = [...(await repoFile('.env.example')).matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(assigned.toSorted()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("README's CORS_ORIGINS row names every origin allowed by default in development", async () => {
    const row = (await readmeConfigurationRows()).get('CORS_ORIGINS') ?? '';
    for (const origin of DEVELOPMENT_ORIGINS) expect(row).toContain(origin);
  });
});
