// Bundles the CLI that tsc compiled into dist/ into one CommonJS file, dist/strata.cjs, which
// bin/strata.js loads. Node 20 loads ES modules one at a time (resolve, read, compile each): the
// ~400 files of strata and its packages took 0.36 s to load; the bundle loads in 0.21 s (minified,
// no faster: what costs is compiling the code, not reading its spaces).
// Packages that carry WebAssembly or native parts stay outside and are loaded as installed.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/strata.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Maps back through tsc's maps to src/ (stack traces with --debug).
  sourcemap: true,
  // Two modules' classes of one name are renamed in the bundle (Parser, Parser2): keep the names as
  // written, for stack traces and for error classes that take their name from the class.
  keepNames: true,
  external: ['@electric-sql/pglite', 'libpg-query', 'pg', 'pg-copy-streams', 'playwright-core'],
  // import.meta.url (package-root.ts, the docs' layout engine) is the bundle's own address.
  define: { 'import.meta.url': 'strataBundleUrl' },
  banner: { js: "const strataBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
