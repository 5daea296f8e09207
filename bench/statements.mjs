#!/usr/bin/env node
// Counts the statements and round trips strata sends to the PostgreSQL server per model
// (see bench/README.md).
//
//   node bench/statements.mjs [--views 1000] [--tables 200] [--threads 4] [--cli bin/strata.js]
//
// strata runs through a wire-protocol proxy (pg-wire-recorder.mjs) that records every message the
// clients send, so nothing on the server is reconfigured. Recorded, in one fresh schema dropped at
// the end: the views built (first run), built again (the relations exist), then the tables the same
// way, then a 100-row seed loaded twice.
//
// What a connection sends before its first BEGIN or first statement naming a model is the run's
// set-up (run lock, server version, schemas, the relations of each schema); from there on it is the
// models' work, divided by the number of models for the per-model figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { countEvents, statementsOf } from './replay-script.mjs';
import {
  benchDir,
  buildCommit,
  dropSchemas,
  generateIndependentModels,
  gitCommit,
  machine,
  recordStrata,
  resolveCli,
  round,
  serverFromEnv,
  uniqueSchema,
  writeResults,
} from './server-bench.mjs';

const { values } = parseArgs({
  options: {
    views: { type: 'string', default: '1000' },
    tables: { type: 'string', default: '200' },
    threads: { type: 'string', default: '4' },
    cli: { type: 'string' },
  },
});
const [views, tables, threads] = [values.views, values.tables, values.threads].map(Number);
if (![views, tables, threads].every((n) => Number.isInteger(n) && n >= 1)) {
  process.stderr.write('usage: node bench/statements.mjs [--views 1000] [--tables 200] [--threads 4] [--cli bin/strata.js]\n');
  process.exit(2);
}
const cli = resolveCli(values.cli);
const server = serverFromEnv();
const machineInfo = machine(server);

const projectDir = path.join(benchDir, '.work', `statements-${views}-${tables}`);
generateIndependentModels(projectDir, { views, tables, threads, server });
const SEED_ROWS = 100;
mkdirSync(path.join(projectDir, 'seeds'), { recursive: true });
writeFileSync(
  path.join(projectDir, 'seeds', 'bench_small.csv'),
  `id,label,amount,day\n${Array.from({ length: SEED_ROWS }, (_, i) => `${i + 1},row ${i + 1},${(i * 7) % 100}.5,2024-01-${String((i % 28) + 1).padStart(2, '0')}`).join('\n')}\n`,
);

const firstWord = (sql) => /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';

/** Statements by what they are for: transaction control, column probes (rolled back), catalog reads, building. */
function classify(statements) {
  const kinds = { transaction: 0, probe: 0, catalog_read: 0, building: 0 };
  let pending; // statements of the open transaction, classified when it ends
  for (const { sql } of statements) {
    const word = firstWord(sql);
    if (word === 'begin' || word === 'start') {
      kinds.transaction += 1;
      pending = [];
      continue;
    }
    if (pending && (word === 'rollback' || word === 'commit' || word === 'end' || word === 'abort')) {
      kinds.transaction += 1;
      const rolledBack = word === 'rollback' || word === 'abort';
      for (const inner of pending) kinds[rolledBack ? 'probe' : /^(select|show|with)$/.test(firstWord(inner)) ? 'catalog_read' : 'building'] += 1;
      pending = undefined;
      continue;
    }
    if (pending) pending.push(sql);
    else kinds[/^(select|show|with)$/.test(word) ? 'catalog_read' : 'building'] += 1;
  }
  return kinds;
}

/** A statement about one of the generated models or the seed. */
const MODEL_RELATION = /"?\b(?:v_\d{5}|t_\d{5}|bench_small)\b/;

/** Splits recorded connections into the run's set-up and the models' work, and counts both. */
function analyse(connections, models) {
  const setupEvents = [];
  const modelEvents = [];
  for (const { events } of connections) {
    // A model's work starts with a BEGIN, or (a lone statement runs without one) with a statement
    // naming one of the generated relations (v_00001, t_00001, bench_small).
    const firstModelWork = events.findIndex((e) => e.kind === 'query' && (/^\s*begin\b/i.test(e.sql) || MODEL_RELATION.test(e.sql)));
    const split = firstModelWork < 0 ? events.length : firstModelWork;
    setupEvents.push(...events.slice(0, split));
    modelEvents.push(...events.slice(split));
  }
  const setup = countEvents(setupEvents);
  const work = countEvents(modelEvents);
  const kinds = classify(statementsOf({ events: modelEvents }));
  return {
    models,
    connections: connections.length,
    setup_statements: setup.statements,
    setup_round_trips: setup.roundTrips,
    model_statements: work.statements,
    model_round_trips: work.roundTrips,
    statements_per_model: round(work.statements / models),
    round_trips_per_model: round(work.roundTrips / models),
    per_model_by_kind: Object.fromEntries(Object.entries(kinds).map(([kind, n]) => [kind, round(n / models)])),
  };
}

const schema = uniqueSchema('strata_bench_stmts');
const env = { BENCH_SCHEMA: schema };
const scenarios = [
  { name: 'view, first run', args: ['run', '--select', 'path:models/views'], models: views },
  { name: 'view, again (view exists)', args: ['run', '--select', 'path:models/views'], models: views },
  { name: 'table, first run', args: ['run', '--select', 'path:models/tables'], models: tables },
  { name: 'table, again (table exists)', args: ['run', '--select', 'path:models/tables'], models: tables },
  { name: 'seed, first load', args: ['seed'], models: 1 },
  { name: 'seed, again (table exists)', args: ['seed'], models: 1 },
];
const results = [];
try {
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.name}: ${scenario.models} model${scenario.models === 1 ? '' : 's'}\n`);
    const args = [...scenario.args, '--project-dir', projectDir, '--no-progress', '--threads', String(threads)];
    const connections = await recordStrata(cli, args, server, env);
    results.push({ scenario: scenario.name, command: `strata ${args.join(' ').replace(projectDir, '<project>')}`, ...analyse(connections, scenario.models) });
  }
} finally {
  dropSchemas(server, [schema]);
}

const report = {
  benchmark: 'statements',
  measured:
    'messages strata sent to the server, recorded by a wire-protocol proxy: a statement is a simple-protocol Query or an extended-protocol Execute; a round trip is a Query or a Sync. Before a connection\'s first BEGIN or statement naming a model: run set-up; from it on: the models\' work',
  generated_at: new Date().toISOString(),
  commit: gitCommit(),
  build_commit: buildCommit(cli),
  machine: machineInfo,
  threads,
  results,
};
writeResults('statements', report);
const lines = [
  `statements strata sends per model, --threads ${threads}; ${machineInfo.server}, commit ${report.commit ?? '?'}`,
  '',
  '| scenario | models | statements per model | round trips per model | of which building / transaction / probe / catalog read | run set-up (statements) |',
  '| --- | ---: | ---: | ---: | --- | ---: |',
  ...results.map((r) => {
    const k = r.per_model_by_kind;
    return `| ${r.scenario} | ${r.models} | ${r.statements_per_model} | ${r.round_trips_per_model} | ${k.building} / ${k.transaction} / ${k.probe} / ${k.catalog_read} | ${r.setup_statements} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
