// Production build: one ES module with the workspace packages and pure-JS dependencies inlined.
// Native addons stay external (they load their platform binaries at run time). Running from the
// bundle instead of tsx matters: tsx's runtime helpers and source maps cost ~40 µs per request.
import { build } from 'esbuild';

// node-pty runs terminals; bufferutil and utf-8-validate are ws's optional accelerators.
const NATIVE = ['lmdb', 'foundationdb', '@node-rs/argon2', 'msgpackr-extract', 'node-pty', 'bufferutil', 'utf-8-validate'];

await build({
  entryPoints: {
    main: 'src/main.ts',
    // Runs on its own thread: a file of its own beside main.mjs.
    'password-strength-worker': 'src/password-strength/password-strength-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: NATIVE,
  // Inlined CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
