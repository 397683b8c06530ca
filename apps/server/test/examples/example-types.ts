// The types examples/*.ts import from examples/generated/api-types.ts, generated from the served
// document as a user would. Written to a temporary file and renamed: test files run in parallel.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

export const examplesDir = join(import.meta.dirname, '..', '..', '..', '..', 'examples');

export async function generateExampleTypes(serverUrl: string): Promise<void> {
  const document = await (await fetch(`${serverUrl}/api/v5/openapi.json`)).json();
  const source = astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
  const dir = join(examplesDir, 'generated');
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.api-types.${process.pid}.${Date.now()}.ts`);
  await writeFile(temporary, `// Generated from /api/v5/openapi.json; not committed.\n${source}`);
  await rename(temporary, join(dir, 'api-types.ts'));
}
