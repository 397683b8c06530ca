// The architecture rules, checked by `pnpm lint`: no import cycles anywhere; inside the API
// package the layers point one way — contract ← domain ← storage, with middleware and the router
// above them; the web app reaches the API only through its browser-safe contract and the router's
// types. See docs/architecture.md.
const API = '^packages/api/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles (type-only ones included) make layers meaningless and start-up order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-is-the-bottom-layer',
      severity: 'error',
      comment: 'The contract is browser-safe: zod and other contract modules only.',
      from: { path: `${API}contract/` },
      to: { pathNot: [`${API}contract/`, '(^|/)node_modules/zod/'] },
    },
    {
      name: 'domain-never-sees-the-transport',
      severity: 'error',
      comment: 'Services and repositories know nothing of tRPC, procedures, middleware, the router or the server.',
      from: { path: `${API}domain/` },
      to: {
        path: [
          `${API}(router|middleware)/`,
          `${API}(procedure|context|root|index)\\.ts$`,
          `${API}errors/error-classification\\.ts$`,
          '(^|/)node_modules/@trpc/',
          '^apps/',
        ],
      },
    },
    {
      name: 'storage-below-domain',
      severity: 'error',
      comment: 'Key layout and scopes depend on nothing above them.',
      from: { path: `${API}storage/` },
      to: { path: `${API}(domain|router|middleware|errors)/|${API}(procedure|context|root|index)\\.ts$` },
    },
    {
      name: 'errors-below-domain',
      severity: 'error',
      from: { path: `${API}errors/` },
      to: { path: `${API}(domain|router|middleware|storage)/|${API}(procedure|context|root|index)\\.ts$` },
    },
    {
      name: 'middleware-below-procedures',
      severity: 'error',
      from: { path: `${API}middleware/` },
      to: { path: `${API}router/|${API}(procedure|root|index)\\.ts$` },
    },
    {
      name: 'procedures-never-build-keys',
      severity: 'error',
      comment: 'A procedure validates, takes its scope from the context and calls a service; keys are the repositories’.',
      from: { path: `${API}router/` },
      to: { path: [`${API}storage/`, '^packages/store/'] },
    },
    {
      name: 'web-imports-only-the-contract',
      severity: 'error',
      comment: 'The browser gets the contract’s values and the router’s types, never server code.',
      from: { path: '^apps/web/src/' },
      to: { path: '^packages/api/src/', pathNot: `${API}contract/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-never-imports-server-packages',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(apps/server|packages/(store|sandbox|workspace))/' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '^apps/' },
    },
    {
      name: 'store-stands-alone',
      severity: 'error',
      from: { path: '^packages/store/src/' },
      to: { path: '^packages/(?!store/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules/\\.pnpm/.*/node_modules/(?!zod/))' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
