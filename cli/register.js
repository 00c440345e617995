/**
 * How every npm script and mocha run the project's TypeScript (`node -r ./cli/register.js …`):
 * ts-node, transpile-only, with swc as tsconfig.json asks (and as `pulumi up` runs the program),
 * through a cache of swc's output (cached-swc-transpiler.js). Type-checking is `npm test`'s job
 * (one `tsc` over the whole project), or `npm run typecheck`'s.
 */
"use strict";
require("ts-node").register({
  transpileOnly: true,
  // The same swc, reached through the cache: ts-node takes either `swc` or a `transpiler`.
  swc: false,
  transpiler: require.resolve("./cached-swc-transpiler.js"),
});
