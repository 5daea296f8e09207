// Bundles the CLI that tsc compiled into dist/ into one CommonJS file, dist/strata.cjs, which
// bin/strata.js loads. Node 20 loads ES modules one at a time (resolve, read, compile each): the
// ~400 files of strata and its packages took 0.36 s to load; the bundle loads in 0.21 s (minified,
// no faster: what costs is compiling the code, not reading its spaces).
// Packages that carry WebAssembly or native parts stay outside and are loaded as installed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  // keepNames is off: it wraps every function the code creates in a call that sets its name, which
  // made a 10,000-model compile 25 % slower (19.9 s against 15 s). Only packages' classes of one
  // name are renamed (commander's, yaml's Parser2); strata's error classes keep theirs.
  keepNames: false,
  external: ['@electric-sql/pglite', 'libpg-query', 'pg', 'pg-copy-streams', 'playwright-core'],
  // import.meta.url (package-root.ts, the docs' layout engine) is the bundle's own address.
  define: { 'import.meta.url': 'strataBundleUrl' },
  banner: { js: "const strataBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The V8 code cache bin/strata.js loads the bundle with (dist/strata.cjs.v8-cache), written by a run
// of `strata --version`: a cache holds what its run compiled, which here is the loading of every
// module. A cache written by `strata ls` of the example project made `ls` 40 ms faster still, but a
// 10,000-model compile loaded with it took 400 MB more memory and a second longer.
const cacheFile = new URL('dist/strata.cjs.v8-cache', import.meta.url);
rmSync(cacheFile, { force: true });
const cacheRun = spawnSync(process.execPath, [fileURLToPath(new URL('bin/strata.js', import.meta.url)), '--version'], { env: { ...process.env, STRATA_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' });
if (!existsSync(cacheFile)) console.warn(`bundle.mjs: no code cache written (strata --version exited with ${cacheRun.status}): ${cacheRun.stderr}`);
