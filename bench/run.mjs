#!/usr/bin/env node
// Benchmark of `strata run` on the PostgreSQL server against psql replaying the same statements
// (see bench/README.md).
//
//   node bench/run.mjs [--views 1000] [--tables 200] [--threads 4] [--runs 3] [--cli bin/strata.js]
//
// 1. Generates a project of independent views and tables into bench/.work/run-<views>-<tables>/.
// 2. Runs strata once through the wire recorder to learn the statements it sends, and writes two
//    psql scripts: the statements that build the relations (create schema, begin, create view or
//    table, commit), and every statement strata sent (catalog reads and column probes included).
// 3. Times, `runs` times after one warm-up of each: `strata run --threads N` (the whole process),
//    `psql -f` of the building statements and `psql -f` of all statements, each into a fresh schema
//    dropped afterwards. Prints a markdown table and writes bench/results/run.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { allStatements, buildingStatements, psqlScript } from './replay-script.mjs';
import {
  benchDir,
  buildCommit,
  dropSchemas,
  generateIndependentModels,
  gitCommit,
  machine,
  median,
  recordStrata,
  repoRoot,
  resolveCli,
  round,
  serverFromEnv,
  timeCommand,
  timeStrata,
  uniqueSchema,
  writeResults,
  interleavedRuns,
} from './server-bench.mjs';

const { values } = parseArgs({
  options: {
    views: { type: 'string', default: '1000' },
    tables: { type: 'string', default: '200' },
    threads: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'string' },
  },
});
const [views, tables, threads, runs] = [values.views, values.tables, values.threads, values.runs].map(Number);
if (![views, tables, threads, runs].every((n) => Number.isInteger(n) && n >= 0) || threads < 1 || runs < 1) {
  process.stderr.write('usage: node bench/run.mjs [--views 1000] [--tables 200] [--threads 4] [--runs 3] [--cli bin/strata.js]\n');
  process.exit(2);
}
const cli = resolveCli(values.cli);
const server = serverFromEnv();
const machineInfo = machine(server);

const projectDir = path.join(benchDir, '.work', `run-${views}-${tables}`);
generateIndependentModels(projectDir, { views, tables, threads, server });
const strataArgs = ['run', '--project-dir', projectDir, '--no-progress', '--threads', String(threads)];

/** Every schema this benchmark created, dropped at the end even when a step fails. */
const created = [];
function freshSchema() {
  const schema = uniqueSchema('strata_bench_run');
  created.push(schema);
  return schema;
}

const scriptsDir = path.join(benchDir, '.work', 'run-scripts');
mkdirSync(scriptsDir, { recursive: true });
let report;
try {
  process.stderr.write(`${views} views, ${tables} tables, ${threads} threads: recording statements\n`);
  const recordedSchema = freshSchema();
  rmSync(path.join(projectDir, 'target'), { recursive: true, force: true });
  const connections = await recordStrata(cli, strataArgs, server, { BENCH_SCHEMA: recordedSchema });
  dropSchemas(server, [recordedSchema]);
  const scripts = { building: buildingStatements(connections), all: allStatements(connections) };

  /** A psql script of `statements` with the recorded schema renamed to `schema`. */
  const scriptFor = (name, schema) => {
    const file = path.join(scriptsDir, `${name}.sql`);
    writeFileSync(file, psqlScript(scripts[name]).replaceAll(recordedSchema, schema));
    return file;
  };
  const psqlArgs = (file) => ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, '-f', file];

  const contenders = {
    strata: () => {
      const schema = freshSchema();
      // target/ stays from the run before, as after a user's earlier run: deleting 1,200 compiled
      // files just before creating as many measures ext4's handling of recently freed inodes
      // (bench/README.md, `strata compile`), not strata.
      try {
        return timeStrata(cli, strataArgs, { BENCH_SCHEMA: schema });
      } finally {
        dropSchemas(server, [schema]);
      }
    },
    psql_building: () => {
      const schema = freshSchema();
      const file = scriptFor('building', schema);
      try {
        return timeCommand('psql', psqlArgs(file));
      } finally {
        dropSchemas(server, [schema]);
      }
    },
    psql_all: () => {
      const schema = freshSchema();
      const file = scriptFor('all', schema);
      try {
        return timeCommand('psql', psqlArgs(file));
      } finally {
        dropSchemas(server, [schema]);
      }
    },
  };
  const timings = interleavedRuns(contenders, runs);

  const summary = (name) => {
    const walls = timings[name].map((t) => t.wall);
    const entry = { median_s: round(median(walls)), min_s: round(Math.min(...walls)), max_s: round(Math.max(...walls)), times_s: walls.map(round) };
    if (name === 'strata') {
      entry.cpu_median_s = round(median(timings[name].map((t) => t.cpu)));
      entry.peak_rss_median_mb = Math.round(median(timings[name].map((t) => t.maxRssMb)));
    }
    return entry;
  };
  const results = {
    strata: { command: `node ${path.relative(repoRoot, cli)} ${strataArgs.join(' ').replace(projectDir, '<project>')}`, ...summary('strata') },
    psql_building: { command: 'psql -f <building statements>', statements: scripts.building.length, ...summary('psql_building') },
    psql_all: { command: 'psql -f <all statements>', statements: scripts.all.length, ...summary('psql_all') },
  };
  report = {
    benchmark: 'run',
    models: { views, tables, threads },
    measured:
      'wall-clock time of each whole process, after one warm-up of each, runs interleaved; each run builds into a fresh schema, dropped afterwards (outside the timed part); strata CPU time (user + system) and peak resident memory of the CLI process',
    generated_at: new Date().toISOString(),
    commit: gitCommit(),
    build_commit: buildCommit(cli),
    machine: machineInfo,
    runs,
    results,
    ratio_strata_to_psql_building: round(results.strata.median_s / results.psql_building.median_s),
    ratio_strata_to_psql_all: round(results.strata.median_s / results.psql_all.median_s),
    // Each round's strata time over the same round's psql time: steadier when the load drifts.
    paired_ratio_median_strata_to_psql_building: round(median(timings.strata.map((t, i) => t.wall / timings.psql_building[i].wall))),
    target_ratio: 1.5,
  };
} finally {
  // Nothing may be left behind on a shared server, also when a run failed.
  dropSchemas(server, created);
}

writeResults('run', report);
const r = report.results;
const row = (name, label) => `| ${label} | ${r[name].median_s.toFixed(2)} | ${r[name].min_s.toFixed(2)} | ${r[name].max_s.toFixed(2)} | ${(r[name].median_s / r.psql_building.median_s).toFixed(2)} |`;
const lines = [
  `strata run, ${views} views + ${tables} tables, --threads ${threads}, ${runs} runs; ${machineInfo.cpus} cores, ${machineInfo.server}, load (1 min) at start ${machineInfo.load_average_1m_at_start}, commit ${report.commit ?? '?'}`,
  '',
  '| what | median (s) | min (s) | max (s) | ÷ psql building |',
  '| --- | ---: | ---: | ---: | ---: |',
  row('strata', `strata run (CPU ${r.strata.cpu_median_s.toFixed(2)} s, peak RSS ${r.strata.peak_rss_median_mb} MB)`),
  row('psql_building', `psql -f, ${r.psql_building.statements} building statements`),
  row('psql_all', `psql -f, all ${r.psql_all.statements} statements strata sent`),
  '',
  `strata / psql (building): ${report.ratio_strata_to_psql_building} of the medians, ${report.paired_ratio_median_strata_to_psql_building} median of each round's ratio (target ≤ ${report.target_ratio})`,
];
process.stdout.write(`${lines.join('\n')}\n`);
