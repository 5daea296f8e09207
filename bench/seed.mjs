#!/usr/bin/env node
// Benchmark of `strata seed` on the PostgreSQL server against `psql \copy` of the same file
// (see bench/README.md).
//
//   node bench/seed.mjs [--rows 1000000] [--runs 3] [--cli bin/strata.js]
//
// 1. Writes a CSV of `rows` rows and 10 columns (integers, numerics, booleans, dates, timestamps,
//    text) into bench/.work/seed-<rows>/seeds/bench_rows.csv; the same size gives the same bytes.
// 2. Times, `runs` times after one warm-up of each, interleaved: `strata seed` (the whole process:
//    reading, type inference, create table, COPY) and psql creating the table strata created (same
//    column types) and loading the file with `\copy … csv header`, each into a fresh schema dropped
//    afterwards. Throughput is rows per second of wall-clock time.
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchDir,
  buildCommit,
  dropSchemas,
  gitCommit,
  machine,
  median,
  psql,
  repoRoot,
  resolveCli,
  round,
  serverFromEnv,
  serverProfile,
  timeCommand,
  timeStrata,
  uniqueSchema,
  writeResults,
  interleavedRuns,
} from './server-bench.mjs';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'string' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node bench/seed.mjs [--rows 1000000] [--runs 3] [--cli bin/strata.js]\n');
  process.exit(2);
}
const cli = resolveCli(values.cli);
const server = serverFromEnv();
const machineInfo = machine(server);

const SEED = 'bench_rows';
const COLUMNS = ['id', 'customer_id', 'amount', 'quantity', 'is_active', 'order_date', 'created_at', 'category', 'note', 'score'];
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

/** Writes the CSV (deterministic: row i depends only on i). */
async function writeCsv(file) {
  const out = createWriteStream(file);
  const day = 86_400_000;
  const base = Date.UTC(2020, 0, 1);
  let chunk = `${COLUMNS.join(',')}\n`;
  for (let i = 1; i <= rows; i++) {
    const h = Math.imul(i, 2654435761) >>> 0;
    const date = new Date(base + (h % 1500) * day).toISOString().slice(0, 10);
    const stamp = new Date(base + (h % 1500) * day + (h % 86_400) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const note = i % 10 === 0 ? `"note ${i}, with a comma"` : `note ${i}`;
    chunk += `${i},${h % 50_000},${(h % 1_000_000) / 100},${h % 20},${h % 3 === 0 ? 'true' : 'false'},${date},${stamp},${CATEGORIES[h % 5]},${note},${(h % 10_000) / 10}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const projectDir = path.join(benchDir, '.work', `seed-${rows}`);
const csvFile = path.join(projectDir, 'seeds', `${SEED}.csv`);
mkdirSync(path.dirname(csvFile), { recursive: true });
writeFileSync(path.join(projectDir, 'project.yml'), `name: bench_seed\nversion: '1.0.0'\nprofile: bench_seed\n`);
writeFileSync(path.join(projectDir, 'profiles.yml'), serverProfile('bench_seed', server, 1));
if (!existsSync(csvFile)) {
  process.stderr.write(`writing ${rows} rows to ${path.relative(repoRoot, csvFile)}\n`);
  await writeCsv(`${csvFile}.tmp`);
  rmSync(csvFile, { force: true });
  (await import('node:fs')).renameSync(`${csvFile}.tmp`, csvFile);
}
const csvBytes = statSync(csvFile).size;
const strataArgs = ['seed', '--project-dir', projectDir, '--no-progress'];

const created = [];
function freshSchema() {
  const schema = uniqueSchema('strata_bench_seed');
  created.push(schema);
  return schema;
}

/** The columns and types of the table strata made, so psql loads into the same table. */
function columnTypesOf(schema) {
  const out = psql(server, [
    '-At',
    '-F',
    '\t',
    '-c',
    `select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a where a.attrelid = '"${schema}"."${SEED}"'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
  ]);
  return out
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
}

let report;
try {
  let columnTypes;
  const contenders = {
    strata: () => {
      const schema = freshSchema();
      rmSync(path.join(projectDir, 'target'), { recursive: true, force: true });
      try {
        const result = timeStrata(cli, strataArgs, { BENCH_SCHEMA: schema });
        columnTypes ??= columnTypesOf(schema);
        const loaded = Number(psql(server, ['-At', '-c', `select count(*) from "${schema}"."${SEED}"`]).trim());
        if (loaded !== rows) throw new Error(`strata seed loaded ${loaded} rows, expected ${rows}`);
        return result;
      } finally {
        dropSchemas(server, [schema]);
      }
    },
    psql_copy: () => {
      const schema = freshSchema();
      const table = `"${schema}"."${SEED}"`;
      const columns = columnTypes.map(([name, type]) => `"${name}" ${type}`).join(', ');
      try {
        return timeCommand('psql', [
          '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database,
          '-c', `create schema "${schema}"; create table ${table} (${columns})`,
          '-c', `\\copy ${table} from '${csvFile.replaceAll("'", "''")}' with (format csv, header true)`,
        ]);
      } finally {
        dropSchemas(server, [schema]);
      }
    },
  };
  process.stderr.write(`${rows} rows (${(csvBytes / 2 ** 20).toFixed(0)} MB)\n`);
  const timings = interleavedRuns(contenders, runs);

  const summary = (name) => {
    const walls = timings[name].map((t) => t.wall);
    const med = median(walls);
    const entry = { median_s: round(med), min_s: round(Math.min(...walls)), max_s: round(Math.max(...walls)), times_s: walls.map(round), rows_per_s: Math.round(rows / med) };
    if (name === 'strata') {
      entry.cpu_median_s = round(median(timings[name].map((t) => t.cpu)));
      entry.peak_rss_median_mb = Math.round(median(timings[name].map((t) => t.maxRssMb)));
    }
    return entry;
  };
  const results = {
    strata: { command: `node ${path.relative(repoRoot, cli)} seed --project-dir <project> --no-progress`, ...summary('strata') },
    psql_copy: { command: "psql -c 'create table …' -c '\\copy … from <file> with (format csv, header true)'", ...summary('psql_copy') },
  };
  report = {
    benchmark: 'seed',
    csv: { rows, columns: COLUMNS.length, bytes: csvBytes, column_types: Object.fromEntries(columnTypes) },
    measured:
      'wall-clock time of each whole process, after one warm-up of each, runs interleaved; each run loads into a fresh schema, dropped afterwards (outside the timed part); strata CPU time (user + system) and peak resident memory of the CLI process',
    generated_at: new Date().toISOString(),
    commit: gitCommit(),
    build_commit: buildCommit(cli),
    machine: machineInfo,
    runs,
    results,
    throughput_ratio_strata_to_psql: round(results.strata.rows_per_s / results.psql_copy.rows_per_s),
    // Each round's psql time over the same round's strata time: steadier when the load drifts.
    paired_throughput_ratio_median: round(median(timings.strata.map((t, i) => timings.psql_copy[i].wall / t.wall))),
    target_throughput_ratio: 0.8,
  };
} finally {
  dropSchemas(server, created);
}

writeResults('seed', report);
const r = report.results;
const lines = [
  `strata seed, ${rows} rows × ${COLUMNS.length} columns (${(csvBytes / 2 ** 20).toFixed(0)} MB), ${runs} runs; ${machineInfo.cpus} cores, ${machineInfo.server}, load (1 min) at start ${machineInfo.load_average_1m_at_start}, commit ${report.commit ?? '?'}`,
  '',
  '| what | median (s) | min (s) | max (s) | rows/s |',
  '| --- | ---: | ---: | ---: | ---: |',
  `| strata seed (CPU ${r.strata.cpu_median_s.toFixed(2)} s, peak RSS ${r.strata.peak_rss_median_mb} MB) | ${r.strata.median_s.toFixed(2)} | ${r.strata.min_s.toFixed(2)} | ${r.strata.max_s.toFixed(2)} | ${r.strata.rows_per_s} |`,
  `| psql \\copy | ${r.psql_copy.median_s.toFixed(2)} | ${r.psql_copy.min_s.toFixed(2)} | ${r.psql_copy.max_s.toFixed(2)} | ${r.psql_copy.rows_per_s} |`,
  '',
  `strata / psql throughput: ${report.throughput_ratio_strata_to_psql} of the medians, ${report.paired_throughput_ratio_median} median of each round's ratio (target ≥ ${report.target_throughput_ratio})`,
];
process.stdout.write(`${lines.join('\n')}\n`);
