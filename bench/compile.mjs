#!/usr/bin/env node
// Benchmark of `strata compile` on synthetic projects (see bench/README.md).
//
//   node bench/compile.mjs [--sizes 1000,10000] [--runs 5] [--cli bin/strata.js] [--fresh-target]
//
// For each size: generate the project into bench/.work/, run the compiled CLI once to warm the
// file cache, then time `runs` runs as wall-clock time of the whole process (what a user waits
// for). Prints a markdown table and writes bench/results/compile.json.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, renameSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate-project.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);

const cpuPreload = path.join(benchDir, 'cpu-time-preload.mjs');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '5' },
    // Another build of the CLI (a snapshot of dist/, so a rebuild during the run cannot change it).
    cli: { type: 'string', default: path.join(repoRoot, 'bin', 'strata.js') },
    'fresh-target': { type: 'boolean', default: false },
  },
});
const cli = path.resolve(values.cli);
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
const runs = Number(values.runs);
if (sizes.some((s) => !Number.isInteger(s) || s < 3) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node bench/compile.mjs [--sizes 1000,10000] [--runs 5] [--cli bin/strata.js] [--fresh-target]\n');
  process.exit(2);
}
if (!existsSync(path.join(path.dirname(cli), '..', 'dist', 'cli', 'main.js'))) {
  process.stderr.write(`no dist/ next to ${cli}: build first with \`npm run build\`\n`);
  process.exit(2);
}

/** Runs one compile; returns its wall and CPU seconds and peak memory, or throws with the output when it fails. */
function timeCompile(projectDir) {
  // By default target/ stays from the run before, as after a user's earlier compile (the files are
  // overwritten). With --fresh-target each run starts without it: the previous one is moved aside,
  // not deleted, because ext4 will not reuse an inode freed in the last minute or so, and creating
  // 36,000 files right after deleting as many made the kernel scan past every freed inode
  // (`recently_deleted`), which took longer than the whole compile. The trash goes at the end.
  const target = path.join(projectDir, 'target');
  if (values['fresh-target'] && existsSync(target)) renameSync(target, path.join(trashDir, `target-${trashed++}`));
  const cpuFile = path.join(benchDir, '.work', `cpu-${process.pid}.json`);
  rmSync(cpuFile, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(cpuPreload).href, cli, 'compile', '--project-dir', projectDir, '--no-progress'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, STRATA_BENCH_CPU_FILE: cpuFile },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`strata compile failed on ${projectDir} (exit ${run.status ?? run.signal}):\n${output}`);
  }
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { wall, cpu: cpu.user_s + cpu.system_s, maxRssMb: cpu.max_rss_mb };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** HEAD, marked `-dirty` when src/ has uncommitted changes (dist/ may then differ from the commit). */
function gitCommit() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? '-dirty' : ''}`;
  } catch {
    return undefined;
  }
}

const round = (x) => Math.round(x * 1000) / 1000;
// Other processes on the machine skew wall times; the load at the start is recorded with the figures.
const loadAtStart = os.loadavg()[0];
const trashDir = path.join(benchDir, '.work', `trash-${process.pid}`);
let trashed = 0;
mkdirSync(trashDir, { recursive: true });
const results = [];
for (const size of sizes) {
  const projectDir = path.join(benchDir, '.work', `compile-${size}`);
  const counts = generateProject(projectDir, size);
  const entry = { models: counts.models, tests: counts.tests, seeds: counts.seeds, runs };
  process.stderr.write(`${size} models (${counts.tests} tests, ${counts.seeds} seeds): warm-up`);
  const times = [];
  const cpuTimes = [];
  const peaks = [];
  try {
    timeCompile(projectDir);
    for (let i = 0; i < runs; i++) {
      const { wall, cpu, maxRssMb } = timeCompile(projectDir);
      times.push(wall);
      cpuTimes.push(cpu);
      peaks.push(maxRssMb);
      process.stderr.write(` ${wall.toFixed(2)}s`);
    }
    process.stderr.write('\n');
    Object.assign(entry, {
      median_s: round(median(times)),
      min_s: round(Math.min(...times)),
      max_s: round(Math.max(...times)),
      times_s: times.map(round),
      cpu_median_s: round(median(cpuTimes)),
      cpu_times_s: cpuTimes.map(round),
      peak_rss_median_mb: Math.round(median(peaks)),
      peak_rss_max_mb: Math.round(Math.max(...peaks)),
      peak_rss_mb: peaks.map((p) => Math.round(p)),
    });
  } catch (error) {
    // A failing size is a result too (the table says so); the other sizes still run.
    process.stderr.write(`\n${error.message}\n`);
    Object.assign(entry, { error: error.message.split('\n').slice(0, 3).join(' ') });
  }
  results.push(entry);
}

rmSync(trashDir, { recursive: true, force: true });

const report = {
  benchmark: 'compile',
  command: `node ${path.relative(repoRoot, cli)} compile --project-dir <generated project> --no-progress`,
  measured: `wall-clock time of the whole process (and its CPU time, user + system, and peak resident memory), after one warm-up run; ${values['fresh-target'] ? 'target/ moved aside before each run (deleted at the end)' : 'target/ left from the run before (compiled files overwritten)'}`,
  generated_at: new Date().toISOString(),
  commit: gitCommit(),
  // A snapshot made as bench/README.md shows records the commit it was built from.
  build_commit: existsSync(path.join(path.dirname(cli), '..', 'COMMIT')) ? readFileSync(path.join(path.dirname(cli), '..', 'COMMIT'), 'utf8').trim() : undefined,
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    load_average_1m_at_start: round(loadAtStart),
  },
  results,
};
const resultsDir = path.join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const outFile = path.join(resultsDir, 'compile.json');
writeFileSync(`${outFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${outFile}.tmp`, outFile);

const lines = [
  `strata compile, ${report.machine.cpus} cores (${report.machine.cpu_model}), Node ${process.version}, commit ${report.commit ?? '?'}`,
  '',
  `load (1 min) at start: ${report.machine.load_average_1m_at_start}`,
  '',
  '| models | tests | runs | median (s) | min (s) | max (s) | CPU median (s) | peak RSS median (MB) |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) =>
    r.error === undefined
      ? `| ${r.models} | ${r.tests} | ${r.runs} | ${r.median_s.toFixed(2)} | ${r.min_s.toFixed(2)} | ${r.max_s.toFixed(2)} | ${r.cpu_median_s.toFixed(2)} | ${r.peak_rss_median_mb} |`
      : `| ${r.models} | ${r.tests} | ${r.runs} | failed | | | | |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
