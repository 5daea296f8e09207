import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, StrataErrors } from '../errors/strata-error.js';
import type { KeyPath } from './key-path.js';
import { renderYamlStrings } from './render-yaml.js';
import { locateKeyPath, locateValue, parseYaml } from './yaml-file.js';

// Files are read by js-yaml; the `yaml` package, which read them before (and still reads what
// js-yaml refuses), is the oracle for values and positions.
const CORPUS = `---
# a comment
version: 2
"quoted key": 1
'single': &shared
  a: "x"   # trailing comment
  b: 'it''s'
  c: |  # a comment holding | and >
    block
    text
  d: >-
    folded
  f: ~
copy: *shared
models:
  - name: stg_players
    description: "Players, one row each"
    config: {materialized: table, tags: ['a', "b"]}
    columns:
      - name: player_id
        data_tests:
          - unique
          - not_null
          - relationships:
              to: ref('players')
              field: id
      - name: season
        data_tests: [not_null, {accepted_range: {min_value: 2000}}]
  - name: "{{ var('model_name') }}"
    tags:
    - - nested
      - [flow, 'q', {k: v}]
multi: a plain scalar
  over two lines
unicode: "é — ü"
url: http://example.com:8080/x
1: one
1.5: one and a half
0x1F: hex
empty_flow: {}
empty_seq: []
`;

describe('parseYaml', () => {
  it('reads the same value as the yaml package', () => {
    expect(parseYaml(CORPUS, 'schema.yml').value).toEqual(parseDocument(CORPUS).toJS());
  });

  it('places every key and value where the yaml package does', () => {
    const file = parseYaml(CORPUS, 'schema.yml');
    const oracle = yamlPackagePositions(CORPUS);
    const paths = allPaths(file.value);
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      expect({ path, ...locateKeyPath(file, path) }).toEqual({ path, file: 'schema.yml', ...oracle.key(path) });
      // The yaml package's getIn compares number keys with the key's value, not its text; those are left out.
      if (!path.some((part, i) => /^\d|^0x/.test(String(part)) && i === 0)) expect({ path, ...locateValue(file, path) }).toEqual({ path, file: 'schema.yml', ...oracle.value(path) });
    }
  });

  it('counts lines the same with CRLF line ends', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\nc: |\r\n  z\r\n';
    const file = parseYaml(text, 'crlf.yml');
    expect(file.value).toEqual({ a: 1, b: ['x', 'y'], c: 'z\n' });
    expect(locateKeyPath(file, ['b', 1])).toEqual({ file: 'crlf.yml', line: 4, column: 5 });
    expect(locateValue(file, ['c'])).toEqual({ file: 'crlf.yml', line: 5, column: 4 });
  });

  it('names a missing key by the deepest part that exists', () => {
    const file = parseYaml(CORPUS, 'schema.yml');
    expect(locateKeyPath(file, ['models', 0, 'columns', 1, 'nope', 'deeper'])).toEqual({ file: 'schema.yml', line: 27, column: 9 });
  });

  it('reads what js-yaml refuses with the yaml package (a complex key, an unknown tag)', () => {
    const file = parseYaml('? [a, b]\n: pair\nplain: !custom text\n', 'odd.yml');
    expect(file.value).toEqual({ '[ a, b ]': 'pair', plain: 'text' });
    expect(locateKeyPath(file, ['plain'])).toEqual({ file: 'odd.yml', line: 3, column: 1 });
  });

  it('reports every syntax error with its line', () => {
    const thrown = errorOf(() => parseYaml('a: [1, 2\nb: 1\nb: 2\n', 'bad.yml'));
    const errors = thrown instanceof StrataErrors ? thrown.errors : [thrown];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/^invalid YAML: /);
      expect((error as ConfigError).location?.file).toBe('bad.yml');
      expect((error as ConfigError).location?.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses an alias to no anchor at the alias, not as an internal error', () => {
    const thrown = errorOf(() => parseYaml('models:\n  - name: a\n    description: *nope\n', 'schema.yml'));
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toBe('invalid YAML: *nope refers to no anchor (&nope) above it');
    expect((thrown as ConfigError).location).toEqual({ file: 'schema.yml', line: 3, column: 18 });
  });

  it('refuses a duplicate key, as the yaml package did', () => {
    expect(() => parseYaml('a: 1\na: 2\n', 'dup.yml')).toThrow(/invalid YAML: Map keys must be unique/);
  });

  it('renders templated strings in place, with the position of each', async () => {
    const file = parseYaml(CORPUS, 'schema.yml');
    const seen: [string, number | undefined][] = [];
    const errors = await renderYamlStrings(file, async (text, location) => {
      seen.push([text, location.line]);
      return 'stg_teams';
    });
    expect(errors).toEqual([]);
    expect(seen).toEqual([["{{ var('model_name') }}", 29]]);
    expect((file.value as { models: { name: string }[] }).models[1]!.name).toBe('stg_teams');
  });
});

/** What `read` throws (undefined when it returns). */
function errorOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every key path of a parsed value, containers and leaves. */
function allPaths(value: unknown, path: KeyPath = []): KeyPath[] {
  const paths: KeyPath[] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...allPaths(item, [...path, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...allPaths(item, [...path, key]));
  return paths;
}

/** Positions as the yaml package's document gives them (what strata reported before js-yaml). */
function yamlPackagePositions(text: string) {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter });
  const start = (node: unknown) => (node as { range?: number[] } | null)?.range?.[0];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const key = (path: KeyPath) => {
    let node: unknown = document.contents;
    let offset = start(node) ?? 0;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        offset = start(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        offset = start(node.items[part]) ?? offset;
        node = node.items[part];
      } else break;
    }
    return at(offset);
  };
  const value = (path: KeyPath) => {
    const offset = start(document.getIn(path, true));
    return offset === undefined ? key(path) : at(offset);
  };
  return { key, value };
}
