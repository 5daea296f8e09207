/**
 * Differential conformance: every case under cases/ rendered by strata's engine must give, byte for
 * byte, what Python's Jinja2 configured as dbt configures it gives (expected.json, derived by
 * derive-expected.mjs), or what handwritten.json says where dbt deliberately differs. For an expected
 * error, the engine must fail with the same Python exception type.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Environment } from '../index.js';
import { PyFloat } from '../runtime/values.js';
import {
  collectCases,
  expectedFile,
  handwrittenFile,
  knownFailuresFile,
  readJson,
  type ConformanceCase,
  type ConformanceResult,
} from './case-files.mjs';

const cases = collectCases();
const expected = readJson<Record<string, ConformanceResult>>(expectedFile, {});
const handwritten = readJson<Record<string, ConformanceResult & { why: string }>>(handwrittenFile, {});
/** Case name -> why it fails today. */
const knownFailures = readJson<Record<string, string>>(knownFailuresFile, {});
const failures: Record<string, { expected: ConformanceResult; actual: ConformanceResult }> = {};

describe('Jinja conformance with dbt-configured Jinja2', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const want = handwritten[testCase.name] ?? expected[testCase.name];
      if (!want) throw new Error(`${testCase.name} has no expected result: run node src/jinja/conformance/derive-expected.mjs`);
      const got = await renderCase(testCase);
      const mismatch = describeMismatch(want, got);
      if (mismatch) failures[testCase.name] = { expected: want, actual: got };
      if (testCase.name in knownFailures) {
        if (!mismatch) throw new Error(`${testCase.name} now passes: remove it from known-failures.json`);
        return;
      }
      if (want.ok) expect(got).toEqual({ ok: true, out: want.out });
      else expect(mismatch, `expected ${want.error}`).toBeUndefined();
    });
  }

  it('has no expectations or known failures for cases that do not exist', () => {
    const names = new Set(cases.map((c) => c.name));
    const stale = [...Object.keys(expected), ...Object.keys(handwritten), ...Object.keys(knownFailures)].filter((n) => !names.has(n));
    expect(stale).toEqual([]);
  });

  afterAll(() => {
    const report = process.env.STRATA_CONFORMANCE_REPORT;
    if (report) writeFileSync(report, JSON.stringify(failures, null, 1) + '\n');
  });
});

/** Renders a case as the reference renderer does: macros bound first, then the template with the context. */
async function renderCase(testCase: ConformanceCase): Promise<ConformanceResult> {
  const templates = testCase.templates ?? {};
  const env = new Environment({
    loader: (name) => (Object.hasOwn(templates, name) ? { source: templates[name]!, file: name } : undefined),
  });
  try {
    const context = fromJson(testCase.context ?? {}) as Record<string, unknown>;
    const renderContext: Record<string, unknown> = { ...context };
    if (testCase.macros !== undefined) {
      const exported = await env.compile(testCase.macros, `${testCase.name}.macros.jinja`).module({ ...context });
      // As in the reference renderer, a context name wins over a macro of the same name.
      for (const [name, value] of Object.entries(exported)) if (!(name in renderContext)) renderContext[name] = value;
    }
    const out = await env.compile(testCase.template, `${testCase.name}.jinja`).render(renderContext);
    return { ok: true, out };
  } catch (error) {
    return { ok: false, error: `${pythonTypeOf(error)}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The Python exception type an engine error stands for; JS errors get a prefix so they never match one. */
function pythonTypeOf(error: unknown): string {
  const pythonType = (error as { pythonType?: unknown } | null)?.pythonType;
  if (typeof pythonType === 'string') return pythonType;
  return `JavaScript ${error instanceof Error ? error.name : typeof error}`;
}

/** Undefined when `got` conforms to `want`: same output, or an error of the same Python type. */
function describeMismatch(want: ConformanceResult, got: ConformanceResult): string | undefined {
  if (want.ok) {
    if (!got.ok) return `expected output ${JSON.stringify(want.out)}, got ${got.error}`;
    return got.out === want.out ? undefined : `expected ${JSON.stringify(want.out)}, got ${JSON.stringify(got.out)}`;
  }
  if (got.ok) return `expected ${want.error}, got output ${JSON.stringify(got.out)}`;
  return errorType(got.error) === errorType(want.error) ? undefined : `expected ${want.error}, got ${got.error}`;
}

function errorType(error: string): string {
  return error.slice(0, error.indexOf(':'));
}

/** JSON context values as Python's json module gives them: non-integral numbers are floats. */
function fromJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : new PyFloat(value);
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  return value;
}
