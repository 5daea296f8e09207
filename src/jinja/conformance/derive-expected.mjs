#!/usr/bin/env node
// Re-derives expected.json: renders every case (except the hand-written ones) with Python's Jinja2
// configured as dbt configures it, and writes the results with a stable key order so that
// `git diff --exit-code src/jinja/conformance/expected.json` detects drift.
//
//   node src/jinja/conformance/derive-expected.mjs           write expected.json
//   node src/jinja/conformance/derive-expected.mjs --check   exit 1 if expected.json is out of date
//
// The shared oracle is ../shared/tools/jinja2-oracle.py from the repository root unless
// STRATA_JINJA_ORACLE names another path; STRATA_PYTHON names the interpreter (default python3).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectCases, conformanceDir, expectedFile, handwrittenFile, readJson } from './case-files.mjs';

const repoRoot = resolve(conformanceDir, '../../..');
const oraclePath = process.env.STRATA_JINJA_ORACLE ?? resolve(repoRoot, '../shared/tools/jinja2-oracle.py');
const python = process.env.STRATA_PYTHON ?? 'python3';
const check = process.argv.includes('--check');

const cases = collectCases();
const handwritten = readJson(handwrittenFile, {});
checkHandwritten(cases, handwritten);

const derivable = cases.filter((c) => !(c.name in handwritten));
const results = runOracle(derivable);
const expected = {};
for (const c of derivable) {
  const result = results[c.name];
  if (!result) fail(`the oracle returned no result for ${c.name}`);
  expected[c.name] = result.ok ? { ok: true, out: result.out } : { ok: false, error: result.error };
  if (!result.ok && /0x[0-9a-f]{6,}/.test(result.error))
    fail(`${c.name}: the error message holds a memory address, so it would differ on every run:\n  ${result.error}`);
}

const text = JSON.stringify(expected, null, 1) + '\n';
if (check) {
  const current = readFileSync(expectedFile, 'utf8');
  if (current !== text) fail('expected.json is out of date: run node src/jinja/conformance/derive-expected.mjs');
  console.log(`expected.json is up to date (${derivable.length} derived cases, ${cases.length - derivable.length} hand-written)`);
} else {
  writeFileSync(expectedFile, text);
  const errors = Object.values(expected).filter((r) => !r.ok).length;
  console.log(`wrote ${derivable.length} expectations (${errors} errors) to expected.json; ${cases.length - derivable.length} cases are hand-written`);
}

function runOracle(list) {
  const run = spawnSync(python, [join(conformanceDir, 'dbt-oracle.py'), oraclePath], {
    input: JSON.stringify(list.map(({ name, template, context, macros, templates }) => ({ name, template, context, macros, templates }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Fixed hashing, so nothing in the output depends on the run.
    env: { ...process.env, PYTHONHASHSEED: '0' },
  });
  if (run.error) fail(`cannot run ${python}: ${run.error.message}`);
  if (run.status !== 0) fail(`the oracle failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

function checkHandwritten(all, entries) {
  const names = new Set(all.map((c) => c.name));
  for (const [name, entry] of Object.entries(entries)) {
    if (!names.has(name)) fail(`handwritten.json names ${name}, which has no case file`);
    if (typeof entry.why !== 'string' || entry.why.length < 10) fail(`handwritten.json: ${name} needs a "why"`);
    if (entry.ok !== true && entry.ok !== false) fail(`handwritten.json: ${name} needs "ok"`);
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
