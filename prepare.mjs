// What `npm install` runs (package.json's prepare): `npm run build`, unless dist/ is newer than
// everything it is built from. npm also runs prepare each time `npx strata` meets a checkout it has
// not seen (npm exec installs the project into its own cache first): a full build there made the
// first `npx strata build` of a fresh clone take 16 s instead of 4 s.
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const modifiedAt = (file) => statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs;

/** Every file under `dir` (relative to the root). */
function filesUnder(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

// The code cache is the build's last output.
const built = modifiedAt('dist/strata.cjs.v8-cache');
const inputs = [...filesUnder('src'), 'bin/strata.js', 'bundle.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];
const upToDate = built !== undefined && inputs.every((file) => (modifiedAt(file) ?? Infinity) <= built);
if (upToDate) {
  console.log('dist/ is up to date');
} else {
  const npm = process.env.npm_execpath;
  const run = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: true });
  process.exitCode = run.status ?? 1;
}
