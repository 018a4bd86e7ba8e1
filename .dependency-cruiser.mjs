// The house rules of ARCHITECTURE.md, checked by `npm run check:deps` (part of `npm test`): apps
// meet on the wire, packages never reach up into an app, the browser takes only the shared
// protocol, and no two files import each other however far round. A change that breaks one fails
// with the rule's name and the import that broke it.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-app-imports-another-app',
      comment:
        'Apps meet on the wire (TCP lines, the control API), not in code: what two apps both need ' +
        'lives in a package. The CLI alone starts the apps, so it alone may import them.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/cli/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-package-imports-an-app',
      comment: 'Packages are the floor the apps stand on: a package never imports an app.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-imports-protocol-only',
      comment:
        'The browser shares types and schemas with the server through packages/protocol and ' +
        'nothing else of ours (type imports included): no server, tweet or counting code in the page.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(apps|packages)/', pathNot: '^(apps/web|packages/protocol)/' },
    },
    {
      name: 'no-circular',
      comment: 'Two files that import each other (however far round) are one module in two files.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/|^e2e/(output|test-results)/' },
    // Type-only imports count: a type from another app is still that app's code to read.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Workspace packages resolve through node_modules symlinks to their folders, and through
    // their package.json `exports` to the file behind each entry point.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
