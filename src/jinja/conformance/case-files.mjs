// Reads the conformance cases from disk. Shared by derive-expected.mjs (plain Node, no build) and
// conformance.test.ts, so both see exactly the same cases.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const conformanceDir = fileURLToPath(new URL('.', import.meta.url));
export const casesDir = join(conformanceDir, 'cases');
export const expectedFile = join(conformanceDir, 'expected.json');
export const handwrittenFile = join(conformanceDir, 'handwritten.json');
export const knownFailuresFile = join(conformanceDir, 'known-failures.json');

const TEMPLATE = '.jinja';
const MACROS = '.macros.jinja';
const CONTEXT = '.context.json';
const TEMPLATES_DIR = '.templates';

/** Every case under cases/, sorted by name (`<group>/<case>`). */
export function collectCases(root = casesDir) {
  const cases = [];
  walk(root, root, cases);
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function walk(root, dir, cases) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      // <case>.templates/ holds the files a case includes or imports, not cases of its own.
      if (!entry.endsWith(TEMPLATES_DIR)) walk(root, path, cases);
      continue;
    }
    if (!entry.endsWith(TEMPLATE) || entry.endsWith(MACROS)) continue;
    cases.push(readCase(root, path.slice(0, -TEMPLATE.length)));
  }
}

function readCase(root, base) {
  const name = relative(root, base).split(sep).join('/');
  const testCase = { name, file: base + TEMPLATE, template: readFileSync(base + TEMPLATE, 'utf8') };
  if (existsSync(base + CONTEXT)) testCase.context = parseContext(base + CONTEXT);
  if (existsSync(base + MACROS)) testCase.macros = readFileSync(base + MACROS, 'utf8');
  if (existsSync(base + TEMPLATES_DIR)) testCase.templates = readTemplates(base + TEMPLATES_DIR);
  return testCase;
}

function readTemplates(dir) {
  const templates = {};
  const visit = (current) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) visit(path);
      else templates[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  visit(dir);
  return templates;
}

// JSON.parse turns 2.0 into 2, which Python reads as a float and JavaScript as an int: the two
// renderers would see different values, so such numbers are refused rather than silently diverging.
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function parseContext(file) {
  const text = readFileSync(file, 'utf8');
  for (const [token] of text.matchAll(JSON_TOKEN)) {
    if (token.startsWith('"')) continue;
    if (/[.eE]/.test(token) && Number.isInteger(Number(token)))
      throw new Error(`${file}: the float ${token} has no fractional part; JavaScript would read it as an int`);
  }
  return JSON.parse(text);
}

/** Reads a JSON file, or returns `fallback` when it does not exist. */
export function readJson(file, fallback) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;
}
