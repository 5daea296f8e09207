#!/usr/bin/env node
// Jinja engine benchmark: compile and render 10,000 small model templates, each with a config()
// call and two ref() calls, in one process, with host functions standing in for dbt's context.
// Measures the engine alone (no files, no manifest). Prints median/min/max of --runs and writes
// bench/results/jinja-render.json.
//
//   npx tsc -p . && node bench/jinja-render.mjs [--templates 10000] [--runs 7] [--dist dist]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const templates = Number(arg('templates', 10000));
const runs = Number(arg('runs', 7));
const dist = path.resolve(root, arg('dist', 'dist'));
const { Environment } = await import(pathToFileURL(path.join(dist, 'jinja', 'index.js')).href);

/** Model i: a config() call, two refs, a var, a loop and a filter — a typical small staging model. */
function source(i) {
  return `{{ config(materialized='view', tags=['layer_${i % 7}']) }}
select
    a.id,
    a.amount_${i % 13} as amount,
    {% for col in ['status', 'created_at'] -%}
    b.{{ col }}{{ ',' if not loop.last }}
    {% endfor %}
from {{ ref('model_${(i * 7) % templates}') }} as a
join {{ ref('model_${(i * 11) % templates}') }} as b on a.id = b.id
where a.region = '{{ var("region", "eu") | upper }}'
`;
}

const sources = Array.from({ length: templates }, (_, i) => source(i));
const context = {
  config: () => '',
  ref: (name) => `"analytics"."staging"."${name}"`,
  var: (name, fallback) => fallback,
};

async function once() {
  const env = new Environment();
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < templates; i++) {
    const template = env.compile(sources[i], `models/model_${i}.sql`);
    bytes += (await template.render(context)).length;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

await once(); // warm-up: V8 compiles the engine's own code
const times = [];
for (let r = 0; r < runs; r++) times.push((await once()).seconds);
const sorted = [...times].sort((a, b) => a - b);
const result = {
  benchmark: 'jinja-render',
  measured: `compile + render of ${templates} model templates (config(), two ref(), a var, a for loop, a filter) in one process, after one warm-up`,
  generated_at: new Date().toISOString(),
  machine: { node: process.version, load_average_1m_at_start: Number(loadavg()[0].toFixed(2)) },
  templates,
  runs,
  median_s: Number(sorted[Math.floor(runs / 2)].toFixed(3)),
  min_s: Number(sorted[0].toFixed(3)),
  max_s: Number(sorted[runs - 1].toFixed(3)),
  times_s: times.map((t) => Number(t.toFixed(3))),
};
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results', 'jinja-render.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`| templates | runs | median (s) | min (s) | max (s) |\n| ---: | ---: | ---: | ---: | ---: |\n| ${templates} | ${runs} | ${result.median_s} | ${result.min_s} | ${result.max_s} |`);
