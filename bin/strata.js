#!/usr/bin/env node
// Launcher only: loads the compiled CLI. That is the bundle (dist/strata.cjs, one file, loaded in
// about half the time of the modules) unless tsc has compiled since it was made, then the modules.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const modules = new URL('../dist/cli/main.js', import.meta.url);
const bundle = fileURLToPath(new URL('../dist/strata.cjs', import.meta.url));
const modifiedAt = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const debug = process.argv.includes('--debug');
if (debug) process.setSourceMapsEnabled(true);
if (modifiedAt(bundle) < modifiedAt(fileURLToPath(modules))) import(modules.href).then((cli) => cli.main(process.argv));
// Stack traces with --debug map back to src/ only through the module loader's source maps.
else if (debug) createRequire(import.meta.url)(bundle).main(process.argv);
else loadBundle(bundle).main(process.argv);

/**
 * Runs the bundle as CommonJS does, but compiled with the V8 code cache that the build wrote beside
 * it (dist/strata.cjs.v8-cache): compiling the 2.5 MB bundle took about half of its 0.2 s load.
 * The cache names the bundle's size and modification time it was made from; V8 itself only checks
 * the source's length, so a cache from another build is never handed to it. V8 refuses a cache
 * from another Node version and compiles as usual. With STRATA_WRITE_CODE_CACHE set (the build
 * does, running `strata --version`), the cache is written when the process exits.
 */
function loadBundle(file) {
  const cacheFile = `${file}.v8-cache`;
  const { size, mtimeMs } = statSync(file);
  const stamp = Buffer.from(`${size}:${mtimeMs}\n`);
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, stamp.length).equals(stamp)) cachedData = cache.subarray(stamp.length);
  } catch {
    // No cache: compile as usual.
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (process.env.STRATA_WRITE_CODE_CACHE) process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([stamp, script.createCachedData()])));
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
