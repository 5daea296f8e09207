#!/usr/bin/env node
// Writes a synthetic dbt-style project of a given size, for benchmarks.
//
//   node bench/generate-project.mjs <dir> <models>
//
// Layers, like a real warehouse project: raw seeds → staging views → intermediate views →
// marts tables (a few incremental). Every model refs 1–3 models of the layer before it, some
// call project macros, and property files declare unique / not_null / accepted_values /
// relationships tests. The output depends only on <models>: the same size gives the same
// files byte for byte, so timings of different commits compare the same work.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_NAME = 'bench_project';
/** Models per folder (and per property file), so no folder holds thousands of files. */
const GROUP_SIZE = 100;
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta'];

/** Mulberry32: a small seeded PRNG, so the project is the same on every machine. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(5, '0');

/** How many nodes each layer gets for a project of `models` models (seeds come on top). */
export function layerSizes(models) {
  const staging = Math.max(1, Math.round(models * 0.4));
  const intermediate = Math.max(1, Math.round(models * 0.35));
  const marts = Math.max(1, models - staging - intermediate);
  const seeds = Math.max(3, Math.round(models / 20));
  return { seeds, staging, intermediate, marts };
}

/** Picks 1–3 distinct names from `pool`. */
function pickParents(random, pool) {
  const wanted = Math.min(pool.length, 1 + Math.floor(random() * 3));
  const picked = new Set();
  while (picked.size < wanted) picked.add(pool[Math.floor(random() * pool.length)]);
  return [...picked];
}

/** A model's SQL: selects the common columns, joining extra parents on id. */
function modelSql(parents, layer, index) {
  const lines = [];
  if (layer === 'marts' && index % 20 === 0) {
    lines.push("{{ config(materialized='incremental', unique_key='id') }}");
  } else if (index % 7 === 0) {
    lines.push(`{{ config(tags=['${layer}_hot']) }}`);
  }
  const [first, ...rest] = parents;
  const amount =
    rest.length === 0
      ? 'p0.amount'
      : index % 3 === 0
        ? `{{ safe_divide('p0.amount', 'p1.amount') }}`
        : parents.map((_, i) => `coalesce(p${i}.amount, 0)`).join(' + ');
  lines.push('select');
  lines.push('    p0.id,');
  lines.push(`    ${index % 5 === 0 ? "{{ normalise_category('p0.category') }}" : 'p0.category'} as category,`);
  lines.push(`    ${amount} as amount,`);
  lines.push(`    ${index % 4 === 0 ? "{{ cents_to_units('p0.amount_cents') }}" : 'p0.amount_cents / 100.0'} as amount_units,`);
  lines.push('    p0.amount_cents,');
  lines.push('    p0.created_at');
  lines.push(`from {{ ref('${first}') }} as p0`);
  rest.forEach((parent, i) => lines.push(`left join {{ ref('${parent}') }} as p${i + 1} using (id)`));
  if (index % 6 === 0) {
    lines.push("where p0.created_at >= '{{ var('start_date') }}'");
  }
  if (layer === 'marts' && index % 20 === 0) {
    lines.push('{% if is_incremental() %}');
    lines.push(`${index % 6 === 0 ? 'and' : 'where'} p0.created_at > (select max(created_at) from {{ this }})`);
    lines.push('{% endif %}');
  }
  return `${lines.join('\n')}\n`;
}

/** A property file for a group of models: tests on id and category, relationships to a parent. */
function propertiesYaml(entries) {
  const out = ['version: 2', '', 'models:'];
  for (const { name, parents, index } of entries) {
    out.push(`  - name: ${name}`);
    out.push(`    description: Synthetic model ${name}.`);
    out.push('    columns:');
    out.push('      - name: id');
    out.push('        data_tests:');
    out.push('          - unique');
    out.push('          - not_null');
    if (index % 4 === 0) {
      out.push('          - relationships:');
      out.push(`              to: ref('${parents[0]}')`);
      out.push('              field: id');
    }
    if (index % 3 === 0) {
      out.push('      - name: category');
      out.push('        data_tests:');
      out.push('          - accepted_values:');
      out.push(`              values: [${CATEGORIES.map((c) => `'${c}'`).join(', ')}]`);
    }
  }
  return `${out.join('\n')}\n`;
}

function seedCsv(seedIndex) {
  const rows = ['id,category,amount,amount_cents,created_at'];
  for (let i = 1; i <= 5; i++) {
    const cents = (seedIndex * 7 + i * 13) % 1000;
    rows.push(`${i},${CATEGORIES[(seedIndex + i) % CATEGORIES.length]},${cents / 100},${cents},2024-01-0${i}`);
  }
  return `${rows.join('\n')}\n`;
}

const MACROS = {
  'safe_divide.sql': `{#- Division that yields null instead of failing when the denominator is zero. -#}
{% macro safe_divide(numerator, denominator, precision=2) -%}
    round(({{ numerator }})::numeric / nullif({{ denominator }}, 0), {{ precision }})
{%- endmacro %}
`,
  'cents_to_units.sql': `{% macro cents_to_units(column, scale=2) -%}
    ({{ column }} / 100)::numeric(16, {{ scale }})
{%- endmacro %}
`,
  'normalise_category.sql': `{% macro normalise_category(column) -%}
    case lower({{ column }})
    {%- for category in ['alpha', 'beta', 'gamma', 'delta'] %}
        when '{{ category }}' then '{{ category }}'
    {%- endfor %}
        else 'alpha'
    end
{%- endmacro %}
`,
};

/** Writes the project into `dir` (replacing it). Returns the node counts. */
export function generateProject(dir, models) {
  const random = seededRandom(models);
  const sizes = layerSizes(models);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  write(
    'project.yml',
    `# Generated by bench/generate-project.mjs (${models} models); do not edit.
name: ${PROJECT_NAME}
version: '1.0.0'
profile: ${PROJECT_NAME}
model-paths: ['models']
seed-paths: ['seeds']
macro-paths: ['macros']
target-path: target
vars:
  start_date: '2024-01-01'
models:
  ${PROJECT_NAME}:
    staging:
      +materialized: view
      +schema: staging
    intermediate:
      +materialized: view
      +schema: intermediate
    marts:
      +materialized: table
      +schema: marts
seeds:
  ${PROJECT_NAME}:
    +schema: raw
`,
  );
  write(
    'profiles.yml',
    `${PROJECT_NAME}:
  target: dev
  outputs:
    dev:
      type: pglite
      path: .strata/pglite
      schema: analytics
`,
  );
  for (const [name, text] of Object.entries(MACROS)) write(`macros/${name}`, text);

  const seedNames = [];
  for (let i = 0; i < sizes.seeds; i++) {
    const name = `raw_${pad(i)}`;
    seedNames.push(name);
    write(`seeds/${name}.csv`, seedCsv(i));
  }

  let previous = seedNames;
  let tests = 0;
  for (const [layer, prefix, count] of [
    ['staging', 'stg', sizes.staging],
    ['intermediate', 'int', sizes.intermediate],
    ['marts', 'fct', sizes.marts],
  ]) {
    const names = [];
    let group = [];
    const flush = (groupIndex) => {
      if (group.length === 0) return;
      write(`models/${layer}/group_${pad(groupIndex)}/_${layer}_${pad(groupIndex)}.yml`, propertiesYaml(group));
      group = [];
    };
    for (let i = 0; i < count; i++) {
      const name = `${prefix}_${pad(i)}`;
      const parents = pickParents(random, previous);
      const groupIndex = Math.floor(i / GROUP_SIZE);
      write(`models/${layer}/group_${pad(groupIndex)}/${name}.sql`, modelSql(parents, layer, i));
      group.push({ name, parents, index: i });
      tests += 2 + (i % 4 === 0 ? 1 : 0) + (i % 3 === 0 ? 1 : 0);
      names.push(name);
      if ((i + 1) % GROUP_SIZE === 0) flush(groupIndex);
    }
    flush(Math.floor((count - 1) / GROUP_SIZE));
    previous = names;
  }
  return { ...sizes, models: sizes.staging + sizes.intermediate + sizes.marts, tests };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, modelsArg] = process.argv.slice(2);
  const models = Number(modelsArg);
  if (!dir || !Number.isInteger(models) || models < 3) {
    process.stderr.write('usage: node bench/generate-project.mjs <dir> <models (>= 3)>\n');
    process.exit(2);
  }
  const counts = generateProject(dir, models);
  process.stdout.write(
    `wrote ${dir}: ${counts.seeds} seeds, ${counts.models} models (${counts.staging} staging, ${counts.intermediate} intermediate, ${counts.marts} marts), ${counts.tests} tests\n`,
  );
}
