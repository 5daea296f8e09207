// What the benchmarks against the PostgreSQL server share: arguments, the CLI to run, timing a
// process (wall and CPU), medians, the machine description and writing results JSON.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startWireRecorder } from './pg-wire-recorder.mjs';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.dirname(benchDir);
const cpuPreload = path.join(benchDir, 'cpu-time-preload.mjs');

/** The server from STRATA_BENCH_PG_URL (default: the local test server). */
export function serverFromEnv() {
  const url = new URL(process.env.STRATA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  return {
    url: url.href,
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    database: decodeURIComponent(url.pathname.slice(1) || 'postgres'),
  };
}

/** The CLI given with --cli, checked to have a build next to it. */
export function resolveCli(cliOption) {
  const cli = path.resolve(cliOption ?? path.join(repoRoot, 'bin', 'strata.js'));
  if (!existsSync(path.join(path.dirname(cli), '..', 'dist', 'cli', 'main.js'))) {
    process.stderr.write(`no dist/ next to ${cli}: build first with \`npm run build\`\n`);
    process.exit(2);
  }
  return cli;
}

/** A schema name no other run uses. */
export function uniqueSchema(prefix) {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}

/** Runs psql against the server with `args`; throws with its output when it fails. */
export function psql(server, args, options = {}) {
  const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (run.status !== 0) throw new Error(`psql ${args.join(' ').slice(0, 200)} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  return run.stdout;
}

/** Drops schemas (and everything in them); used after every timed run. */
export function dropSchemas(server, schemas) {
  if (schemas.length === 0) return;
  psql(server, ['-c', `drop schema if exists ${schemas.map((s) => `"${s}"`).join(', ')} cascade`]);
}

/**
 * Runs the strata CLI with `args` and returns { wall, cpu, maxRssMb, stdout }: wall-clock seconds from
 * spawn to exit, CPU seconds (user + system) and peak resident memory of the process, the last two
 * through cpu-time-preload.mjs. Throws with the output when it exits non-zero.
 */
export function timeStrata(cli, args, env = {}) {
  const cpuFile = path.join(benchDir, '.work', `cpu-${process.pid}.json`);
  mkdirSync(path.dirname(cpuFile), { recursive: true });
  rmSync(cpuFile, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(cpuPreload).href, cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env, STRATA_BENCH_CPU_FILE: cpuFile },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`strata ${args.join(' ')} failed (exit ${run.status ?? run.signal}):\n${output}`);
  }
  const usage = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { wall, cpu: usage.user_s + usage.system_s, maxRssMb: usage.max_rss_mb, stdout: run.stdout };
}

/** Runs a command and returns its wall-clock seconds; throws with its output when it fails. */
export function timeCommand(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ').slice(0, 200)} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  return { wall, stdout: run.stdout };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const round = (x) => Math.round(x * 1000) / 1000;

/** HEAD, marked `-dirty` when src/ has uncommitted changes (dist/ may then differ from the commit). */
export function gitCommit() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? '-dirty' : ''}`;
  } catch {
    return undefined;
  }
}

/**
 * The commit a --cli build was made from, when its snapshot directory holds a COMMIT file (see
 * bench/README.md); undefined for the checkout's own build.
 */
export function buildCommit(cli) {
  const file = path.join(path.dirname(cli), '..', 'COMMIT');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** The machine, the server's version and the 1-minute load average (recorded with every result). */
export function machine(server) {
  let serverVersion;
  try {
    serverVersion = psql(server, ['-At', '-c', 'show server_version']).trim();
  } catch {
    serverVersion = undefined;
  }
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    server: serverVersion && `PostgreSQL ${serverVersion} at ${server.host}:${server.port}`,
    load_average_1m_at_start: round(os.loadavg()[0]),
  };
}

/** Writes bench/results/<name>.json atomically. */
export function writeResults(name, report) {
  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const outFile = path.join(resultsDir, `${name}.json`);
  writeFileSync(`${outFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${outFile}.tmp`, outFile);
  return outFile;
}

/** A profiles.yml for the server whose schema and port come from the environment (BENCH_SCHEMA, BENCH_PG_PORT). */
export function serverProfile(profileName, server, threads) {
  return `${profileName}:
  target: pg
  outputs:
    pg:
      type: postgres
      host: ${server.host}
      port: "{{ env_var('BENCH_PG_PORT', '${server.port}') }}"
      user: ${server.user}
      password: ''
      dbname: ${server.database}
      schema: "{{ env_var('BENCH_SCHEMA') }}"
      threads: ${threads}
      # Plain TCP, so the statement recorder (pg-wire-recorder.mjs) can read the protocol.
      sslmode: disable
`;
}

/**
 * Writes a project of `views` views and `tables` tables that depend on nothing (each selects from
 * generate_series), in folders of 100, with a profiles.yml for the server. The same sizes always
 * give the same files.
 */
export function generateIndependentModels(dir, { views, tables, threads, server }) {
  rmSync(dir, { recursive: true, force: true });
  const write = (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write(
    path.join(dir, 'project.yml'),
    `name: bench_server\nversion: '1.0.0'\nprofile: bench_server\nmodels:\n  bench_server:\n    views:\n      +materialized: view\n    tables:\n      +materialized: table\n`,
  );
  write(path.join(dir, 'profiles.yml'), serverProfile('bench_server', server, threads));
  const pad = (n) => String(n).padStart(5, '0');
  for (let i = 0; i < views; i++) {
    write(
      path.join(dir, 'models', 'views', `group_${pad(Math.floor(i / 100))}`, `v_${pad(i)}.sql`),
      `select g as id, 'view ${i} row ' || g as label, g * ${i % 97} as amount, current_date - g as day\nfrom generate_series(1, 10) as g\n`,
    );
  }
  for (let i = 0; i < tables; i++) {
    write(
      path.join(dir, 'models', 'tables', `group_${pad(Math.floor(i / 100))}`, `t_${pad(i)}.sql`),
      `select g as id, md5(g::text) as label, g * ${i % 89} as amount, current_date - (g % 365) as day\nfrom generate_series(1, 1000) as g\n`,
    );
  }
}

/**
 * Runs the strata CLI through the wire recorder (so it is not timed: the proxy sits in this
 * process) and returns what every connection sent, in connection order. The profile must take its
 * port from BENCH_PG_PORT (serverProfile does).
 */
export async function recordStrata(cli, args, server, env = {}) {
  const recorder = await startWireRecorder(server);
  try {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, BENCH_PG_PORT: String(recorder.port) },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`strata ${args.join(' ')} failed (exit ${code}):\n${output.trim().split('\n').slice(-40).join('\n')}`);
    return recorder.connections;
  } finally {
    await recorder.close();
  }
}

/**
 * Runs every contender once as a warm-up, then `runs` rounds, interleaved so that a change in the
 * machine's load hits every contender alike. `contenders` maps a name to a function returning
 * `{ wall, … }`; returns the timed results by name. `beforeRound(i)` is called before each timed round.
 */
export function interleavedRuns(contenders, runs, beforeRound = () => undefined) {
  const timings = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let i = -1; i < runs; i++) {
    process.stderr.write(i < 0 ? 'warm-up:' : `run ${i + 1}:`);
    if (i >= 0) beforeRound(i);
    for (const [name, time] of Object.entries(contenders)) {
      const result = time();
      if (i >= 0) timings[name].push(result);
      process.stderr.write(` ${name} ${result.wall.toFixed(2)}s`);
    }
    process.stderr.write('\n');
  }
  return timings;
}
