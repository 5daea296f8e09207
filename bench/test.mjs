#!/usr/bin/env node
// Benchmark of `strata test` on the PostgreSQL server against psql running the same test queries in
// one session (issue 5: strata / psql at 1.5 or below). A benchmark, not a timed test: it reports.
//
// How to run (from the repository root; the server defaults to postgres://postgres@127.0.0.1:5432/test,
// another one through STRATA_BENCH_PG_URL):
//
//   npm run build                                  # or time a private build, as below
//   node bench/test.mjs                            # 1,000 tables x (unique + not_null) = 2,000 tests, --threads 4, 5 runs
//   node bench/test.mjs --models 200 --threads 2 --runs 3
//   node bench/test.mjs --models 200 --rows 100000 --runs 3   # tables with rows: results in test-rows-100000.json
//   node bench/test.mjs --fresh-target             # remove target/ before every strata run (files created, not overwritten)
//   node bench/test.mjs --with-no-validate         # also time `strata test --no-validate` (without the SQL check)
//   node bench/test.mjs --latency-ms 1             # both through a proxy adding 1 ms per round trip (a server across a network):
//                                                  # results in test-latency-1ms.json
//
// When others rebuild dist/ while it runs (a shared checkout), time a private snapshot build:
//
//   mkdir -p bench/.work/snapshot-test
//   git archive HEAD src bin include tsconfig.json package.json bundle.mjs | tar -x -C bench/.work/snapshot-test
//   (cd bench/.work/snapshot-test && ../../../node_modules/.bin/tsc -p . && node bundle.mjs)
//   git rev-parse --short HEAD > bench/.work/snapshot-test/COMMIT   # recorded as build_commit
//   node bench/test.mjs --cli bench/.work/snapshot-test/bin/strata.js
//
// What it does:
// 1. Generates bench/.work/test-<models>/: `models` independent table models of 10 rows (`--rows`; folders of
//    100, one property file each) with `unique` and `not_null` tests on `id`, and a profiles.yml for
//    the server (threads as given) building into a schema of its own, dropped at the end.
// 2. Builds the models once (`strata run`, not timed), then runs `strata test` once through the
//    wire recorder (pg-wire-recorder.mjs) to see every statement it sends.
// 3. Writes a psql script of the test queries as strata runs them: each compiled test in
//    target/compiled/ (found through target/manifest.json) wrapped by the CLI build's own
//    buildTestQuery (select count(*) as failures, … from (<test sql>) dbt_internal_test), and checks
//    that they are exactly the test queries strata sent, alone or inside its batches (several tests
//    to a round trip, each wrapped once more to add the database's clock); psql sends them one by one.
// 4. Times `runs` rounds after one warm-up round, interleaved so a change of load hits both alike:
//    `strata test --threads N` (the whole process, spawn to exit; target/ left in place from the
//    previous run, as after a user's earlier run, unless --fresh-target), with --with-no-validate also
//    `strata test --no-validate`, and `psql -f <script>` (one session, one query after another).
//    Checks that every test passed every time.
// 5. Prints a markdown table (medians, min, max, CPU, load) and writes bench/results/test.json.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { psqlScript, statementsOf } from './replay-script.mjs';
import {
  benchDir,
  buildCommit,
  dropSchemas,
  gitCommit,
  machine,
  median,
  recordStrata,
  repoRoot,
  resolveCli,
  round,
  serverFromEnv,
  serverProfile,
  timeStrata,
  uniqueSchema,
  writeResults,
  interleavedRuns,
} from './server-bench.mjs';

const usage = 'usage: node bench/test.mjs [--models 1000] [--rows 10] [--threads 4] [--runs 5] [--fresh-target] [--with-no-validate] [--latency-ms 0] [--cli bin/strata.js]\n';
const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '1000' },
    // Rows per table: the target is set on 10; with more, the queries' own cost shows.
    rows: { type: 'string', default: '10' },
    threads: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
    'fresh-target': { type: 'boolean', default: false },
    'with-no-validate': { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '0' },
    cli: { type: 'string' },
  },
});
const [models, rowsPerModel, threads, runs] = [values.models, values.rows, values.threads, values.runs].map(Number);
if (![models, rowsPerModel, threads, runs].every((n) => Number.isInteger(n) && n >= 1)) {
  process.stderr.write(usage);
  process.exit(2);
}
const freshTarget = values['fresh-target'];
const latencyMs = Number(values['latency-ms']);
if (!(latencyMs >= 0)) {
  process.stderr.write(usage);
  process.exit(2);
}
const cli = resolveCli(values.cli);
// The wrapper strata puts around every test, from the same build that is timed.
const { buildTestQuery } = await import(pathToFileURL(path.join(path.dirname(cli), '..', 'dist', 'materialize', 'data-test.js')).href);
const server = serverFromEnv();
const machineInfo = machine(server);

const pad = (n) => String(n).padStart(5, '0');

/** Starts latency-proxy.mjs in front of the server; resolves with its port and a way to stop it. */
async function startLatencyProxy(roundTripMs) {
  const child = spawn(process.execPath, [path.join(benchDir, 'latency-proxy.mjs'), String(roundTripMs), server.host, String(server.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
    child.once('exit', (code) => reject(new Error(`latency-proxy.mjs exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}

/** The project: `models` tables of `rowsPerModel` rows, each with unique and not_null on id. Same size, same files. */
function generateProject(dir) {
  rmSync(dir, { recursive: true, force: true });
  const write = (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write(path.join(dir, 'project.yml'), `name: bench_test\nversion: '1.0.0'\nprofile: bench_test\nmodels:\n  bench_test:\n    +materialized: table\n`);
  write(path.join(dir, 'profiles.yml'), serverProfile('bench_test', server, threads));
  for (let group = 0; group * 100 < models; group++) {
    const folder = path.join(dir, 'models', `group_${pad(group)}`);
    const properties = ['version: 2', '', 'models:'];
    for (let i = group * 100; i < Math.min(models, (group + 1) * 100); i++) {
      const name = `m_${pad(i)}`;
      write(path.join(folder, `${name}.sql`), `select g as id, 'model ${i} row ' || g as label, g * ${i % 97} as amount\nfrom generate_series(1, ${rowsPerModel}) as g\n`);
      properties.push(`  - name: ${name}`, '    columns:', '      - name: id', '        data_tests:', '          - unique', '          - not_null');
    }
    write(path.join(folder, 'properties.yml'), `${properties.join('\n')}\n`);
  }
}

/** The test queries strata runs, built from target/ after a `strata test`: compiled file + manifest config -> wrapper. */
function testQueriesFromTarget(projectDir) {
  const manifest = JSON.parse(readFileSync(path.join(projectDir, 'target', 'manifest.json'), 'utf8'));
  const tests = Object.values(manifest.nodes).filter((node) => node.resource_type === 'test');
  return tests.map((node) => {
    if (!node.compiled_path) throw new Error(`${node.unique_id} has no compiled_path in manifest.json`);
    const compiledSql = readFileSync(path.join(projectDir, node.compiled_path), 'utf8');
    const c = node.config;
    return buildTestQuery({ compiledSql, config: { severity: c.severity, warn_if: c.warn_if, error_if: c.error_if, fail_calc: c.fail_calc, limit: c.limit }, node });
  });
}

const isTestQuery = (sql) => /\bdbt_internal_test\s*$/.test(sql.trim());

/** The test queries in the texts strata sent: a text that is one, or each of a batch's (see batchSql in run-data-test-batch.ts). */
function testQueriesIn(texts) {
  const queries = [];
  for (const sql of texts) {
    if (isTestQuery(sql)) queries.push(sql);
    else for (const match of sql.matchAll(/\nfrom \(\n(select\n[\s\S]*?\) dbt_internal_test)\n\) dbt_internal_test_result/g)) queries.push(match[1]);
  }
  return queries;
}

/** Multiset equality of two lists of SQL texts; returns a description of the first difference, or undefined. */
function differenceOf(expected, actual) {
  const counts = new Map();
  for (const sql of expected) counts.set(sql, (counts.get(sql) ?? 0) + 1);
  for (const sql of actual) {
    const n = counts.get(sql);
    if (!n) return `strata sent a test query not in the script:\n${sql}`;
    counts.set(sql, n - 1);
  }
  for (const [sql, n] of counts) if (n > 0) return `the script has a test query strata did not send:\n${sql}`;
  return undefined;
}

/** psql -f `file` in one session: wall seconds, CPU seconds of the psql process (through /usr/bin/time when present), and its output. */
function timePsql(file, { output = '/dev/null' } = {}) {
  const args = ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-o', output, '-h', server.host, '-p', String(psqlPort), '-U', server.user, '-d', server.database, '-f', file];
  const timeFile = path.join(benchDir, '.work', `psql-time-${process.pid}.txt`);
  const withTime = existsSync('/usr/bin/time');
  const [command, commandArgs] = withTime ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'psql', ...args]] : ['psql', args];
  const started = process.hrtime.bigint();
  const run = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`psql -f ${file} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  let cpu;
  if (withTime) {
    const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = user + system;
  }
  return { wall, cpu };
}

/**
 * Seconds from the first test's start to the last one's end, by run_results.json: the part of the
 * process that runs the tests, to set beside psql's (which does nothing else).
 */
function testsWindowOf(projectDir) {
  const { results } = JSON.parse(readFileSync(path.join(projectDir, 'target', 'run_results.json'), 'utf8'));
  const starts = results.map((r) => Date.parse(r.timing[0].started_at));
  const ends = results.map((r) => Date.parse(r.timing[0].completed_at));
  return (Math.max(...ends) - Math.min(...starts)) / 1000;
}

/** The pass count from strata's summary line; every test must pass, or the comparison means nothing. */
function checkAllPassed(stdout, expected) {
  const passed = Number(/PASS=(\d+)/.exec(stdout)?.[1] ?? /(\d+) passed/.exec(stdout)?.[1]);
  if (passed !== expected) throw new Error(`strata test passed ${passed} of ${expected} tests:\n${stdout.split('\n').slice(-15).join('\n')}`);
}

// The default size keeps its old names (and results file); another row count gets its own.
const sizeName = rowsPerModel === 10 ? `${models}` : `${models}-rows-${rowsPerModel}`;
const projectDir = path.join(benchDir, '.work', `test-${sizeName}`);
generateProject(projectDir);
const schema = uniqueSchema('strata_bench_test');
// With --latency-ms the timed runs of both go through the delaying proxy; building and recording do not.
const proxy = latencyMs > 0 ? await startLatencyProxy(latencyMs) : undefined;
const psqlPort = proxy?.port ?? server.port;
const env = { BENCH_SCHEMA: schema };
const timedEnv = proxy ? { ...env, BENCH_PG_PORT: String(proxy.port) } : env;
const common = ['--project-dir', projectDir, '--no-progress', '--threads', String(threads)];
const testArgs = ['test', ...common];
const scriptFile = path.join(benchDir, '.work', `test-${sizeName}-queries.sql`);

let report;
try {
  process.stderr.write(`${models} models, ${models * 2} tests, ${threads} threads, schema ${schema}: building\n`);
  const build = timeStrata(cli, ['run', ...common], env);
  process.stderr.write(`strata run: ${build.wall.toFixed(2)}s; recording strata test\n`);

  rmSync(path.join(projectDir, 'target', 'run_results.json'), { force: true });
  const connections = await recordStrata(cli, testArgs, server, env);
  const sent = connections.flatMap((connection) => statementsOf(connection).map((s) => s.sql));
  const sentTests = testQueriesIn(sent);

  const queries = testQueriesFromTarget(projectDir);
  if (queries.length !== models * 2) throw new Error(`expected ${models * 2} tests in manifest.json, found ${queries.length}`);
  const mismatch = differenceOf(queries, sentTests);
  if (mismatch) throw new Error(mismatch);
  writeFileSync(scriptFile, psqlScript(queries));

  // Every test passes in psql too: each query returns 0 failures, should_warn and should_error false.
  const checkFile = path.join(benchDir, '.work', `test-${sizeName}-check.txt`);
  timePsql(scriptFile, { output: checkFile });
  const rows = readFileSync(checkFile, 'utf8').trim().split('\n');
  if (rows.length !== queries.length || rows.some((row) => row !== '0|f|f')) throw new Error(`psql: not every test query returned 0|f|f (${rows.length} rows)`);

  const timeStrataTest = (args) => {
    if (freshTarget) rmSync(path.join(projectDir, 'target'), { recursive: true, force: true });
    const result = timeStrata(cli, args, timedEnv);
    checkAllPassed(result.stdout, queries.length);
    return { ...result, testsWindow: testsWindowOf(projectDir) };
  };
  const contenders = {
    strata: () => timeStrataTest(testArgs),
    ...(values['with-no-validate'] ? { strata_no_validate: () => timeStrataTest([...testArgs, '--no-validate']) } : {}),
    psql: () => timePsql(scriptFile),
  };
  const loads = [];
  // Interleaved, so a change in the machine's load hits both alike.
  const timings = interleavedRuns(contenders, runs, () => loads.push(os.loadavg()[0]));

  const summary = (name) => {
    const walls = timings[name].map((t) => t.wall);
    const cpus = timings[name].map((t) => t.cpu).filter((x) => x !== undefined);
    return {
      median_s: round(median(walls)),
      min_s: round(Math.min(...walls)),
      max_s: round(Math.max(...walls)),
      times_s: walls.map(round),
      ...(cpus.length ? { cpu_median_s: round(median(cpus)), cpu_times_s: cpus.map(round) } : {}),
      ...(name.startsWith('strata')
        ? { peak_rss_median_mb: Math.round(median(timings[name].map((t) => t.maxRssMb))), tests_window_median_s: round(median(timings[name].map((t) => t.testsWindow))) }
        : {}),
    };
  };
  const strataCommand = `node ${path.relative(repoRoot, cli)} ${testArgs.join(' ').replace(projectDir, '<project>')}`;
  const results = {
    strata: {
      command: strataCommand,
      target_dir: freshTarget ? 'removed before every run' : 'left from the previous run (compiled files overwritten)',
      round_trips: sent.length,
      test_queries_sent: sentTests.length,
      connections: connections.length,
      ...summary('strata'),
    },
    ...(timings.strata_no_validate
      ? { strata_no_validate: { command: `${strataCommand} --no-validate`, ...summary('strata_no_validate') } }
      : {}),
    psql: { command: 'psql -X -q -At -o /dev/null -f <the test queries>', statements: queries.length, ...summary('psql') },
  };
  report = {
    benchmark: 'test',
    project: { models, materialized: 'table', rows_per_model: rowsPerModel, tests: queries.length, kinds: ['unique', 'not_null'], threads },
    added_round_trip_ms: latencyMs,
    measured:
      'wall-clock time of each whole process (spawn to exit), after one warm-up of each, runs interleaved; CPU time (user + system) of the strata process (through cpu-time-preload.mjs) and of the psql process (/usr/bin/time); the server-side work is the same queries in both',
    generated_at: new Date().toISOString(),
    commit: gitCommit(),
    build_commit: buildCommit(cli),
    machine: { ...machineInfo, load_average_1m_per_run: loads.map(round) },
    build_run_s: round(build.wall),
    runs,
    results,
    ratio_strata_to_psql: round(results.strata.median_s / results.psql.median_s),
    // Each round's strata time over the same round's psql time: steadier when the load drifts.
    paired_ratio_median: round(median(timings.strata.map((t, i) => t.wall / timings.psql[i].wall))),
    target_ratio: 1.5,
  };
} finally {
  // Nothing may be left behind on a shared server, also when a run failed.
  dropSchemas(server, [schema]);
  proxy?.stop();
}

writeResults(`test${rowsPerModel === 10 ? '' : `-rows-${rowsPerModel}`}${latencyMs > 0 ? `-latency-${latencyMs}ms` : ''}`, report);
const r = report.results;
const row = (name, label) =>
  `| ${label} | ${r[name].median_s.toFixed(2)} | ${r[name].min_s.toFixed(2)} | ${r[name].max_s.toFixed(2)} | ${r[name].cpu_median_s?.toFixed(2) ?? '?'} | ${(r[name].median_s / r.psql.median_s).toFixed(2)} |`;
const lines = [
  `strata test, ${models} tables of ${rowsPerModel} rows x (unique + not_null) = ${report.project.tests} tests, --threads ${threads}, ${runs} runs${latencyMs > 0 ? `, ${latencyMs} ms added to every round trip (latency-proxy.mjs)` : ''}; ${machineInfo.cpus} cores, ${machineInfo.server}, load (1 min) at start ${machineInfo.load_average_1m_at_start}, during ${report.machine.load_average_1m_per_run.map((l) => l.toFixed(1)).join('/')}, commit ${report.build_commit ?? report.commit ?? '?'}`,
  '',
  '| what | median (s) | min (s) | max (s) | CPU median (s) | ÷ psql |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  row('strata', `strata test (${r.strata.test_queries_sent} test queries in ${r.strata.round_trips} round trips, peak RSS ${r.strata.peak_rss_median_mb} MB)`),
  ...(r.strata_no_validate ? [row('strata_no_validate', 'strata test --no-validate (no SQL check before running)')] : []),
  row('psql', `psql -f, the ${r.psql.statements} test queries in one session`),
  '',
  `strata / psql: ${report.ratio_strata_to_psql} of the medians, ${report.paired_ratio_median} median of each round's ratio (target ≤ ${report.target_ratio})`,
  `the tests themselves (first start to last end in run_results.json): ${r.strata.tests_window_median_s.toFixed(2)} s, ${(r.strata.tests_window_median_s / r.psql.median_s).toFixed(2)} of psql's whole run`,
];
process.stdout.write(`${lines.join('\n')}\n`);
