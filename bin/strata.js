#!/usr/bin/env node
// Launcher only: loads the compiled CLI. That is the bundle (dist/strata.cjs, one file, loaded in
// about half the time of the modules) unless tsc has compiled since it was made, then the modules.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const modules = new URL('../dist/cli/main.js', import.meta.url);
const bundle = new URL('../dist/strata.cjs', import.meta.url);
const modifiedAt = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
if (modifiedAt(bundle) >= modifiedAt(modules)) createRequire(import.meta.url)(fileURLToPath(bundle)).main(process.argv);
else import(modules.href).then((cli) => cli.main(process.argv));
