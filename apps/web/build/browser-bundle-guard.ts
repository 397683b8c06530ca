// Fails the production build when server code reaches the browser bundle: the app may import the
// API package's browser-safe contract (schemas, error codes) and only *types* from the router.
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const NODE_BUILTINS = new Set(builtinModules);

/** Files of packages/api that the contract's module graph consists of (its own folder). */
const CONTRACT_FILE = /\/packages\/api\/src\/contract\/[^/]+\.ts$/;
const SERVER_ONLY_WORKSPACE_PACKAGE = /\/packages\/(store|sandbox|workspace)\//;
const SERVER_ONLY_PACKAGE =
  /\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(lmdb|foundationdb|@node-rs|jose|pino|uuid|@coditect\/store)\//;

/** Why a module must not be in the browser bundle, or undefined when it may. */
export function serverOnlyReason(moduleId: string): string | undefined {
  const id = moduleId.replaceAll('\\', '/').replace(/^\0/, '');
  const bare = id.replace(/^(__vite-browser-external:|node:)/, '');
  if (id.startsWith('__vite-browser-external') || id.startsWith('node:') || NODE_BUILTINS.has(bare)) {
    return 'a Node.js built-in module';
  }
  if (id.includes('/packages/api/src/') && !CONTRACT_FILE.test(id)) return 'server code of @coditect/api';
  if (SERVER_ONLY_WORKSPACE_PACKAGE.test(id)) return 'a server-side package';
  if (SERVER_ONLY_PACKAGE.test(id)) return 'a server-only package';
  return undefined;
}

export function browserBundleGuard(): Plugin {
  return {
    name: 'coditect:browser-bundle-guard',
    apply: 'build',
    enforce: 'pre',
    // Checked as each module is loaded, before its own imports are followed: the offending import
    // is reported here rather than as whatever deeper server dependency fails to bundle first.
    load(id) {
      const reason = serverOnlyReason(id);
      if (reason) {
        this.error(
          `server code in the browser bundle: ${id} (${reason}). Import @coditect/api/contract, and only types from @coditect/api.`,
        );
      }
      return null;
    },
  };
}
