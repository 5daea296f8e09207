import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeResult, NodeStatus } from '../execute/results.js';
import { ManifestBuilder } from '../graph/testing/manifest-builder.js';
import { junitXml, writeJunitXml } from './junit-xml.js';

/**
 * A strict little XML reader, enough to prove the output is well-formed and to read back what
 * CI systems will read: it rejects unescaped `<`/`&`, bad entities, mismatched tags and
 * characters XML 1.0 forbids, and decodes entities and character references.
 */
interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`character XML forbids in ${where}`);
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`unescaped < or & in ${where}: ${raw}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length > 0) {
    if (rest.startsWith('</')) {
      const m = /^<\/([\w:-]+)\s*>/.exec(rest);
      const open = stack.pop();
      if (!m || open?.name !== m[1]) throw new Error(`mismatched close tag at: ${rest.slice(0, 40)}`);
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith('<')) {
      const m = /^<([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`malformed tag at: ${rest.slice(0, 60)}`);
      const attributes: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        // Attribute value normalisation: literal whitespace becomes a space, references survive.
        attributes[a[1]!] = decode(a[2]!.replace(/[\t\n\r]/g, ' '), `attribute ${a[1]}`);
      }
      const element: XmlElement = { name: m[1]!, attributes, children: [], text: '' };
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      else if (root) throw new Error('two root elements');
      else root = element;
      if (m[3] !== '/') stack.push(element);
      rest = rest.slice(m[0].length);
    } else {
      const end = rest.indexOf('<');
      const raw = end === -1 ? rest : rest.slice(0, end);
      if (stack.length === 0 && raw.trim() !== '') throw new Error('text outside the root element');
      if (stack.length > 0) stack.at(-1)!.text += decode(raw.replace(/\r\n?/g, '\n'), `<${stack.at(-1)!.name}> text`);
      rest = end === -1 ? '' : rest.slice(end);
    }
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed element ${stack.at(-1)?.name}`);
  return root;
}

function result(unique_id: string, status: NodeStatus, extra: Partial<NodeResult> = {}): NodeResult {
  return { unique_id, status, message: status, execution_time: 0.25, timing: [], thread_id: 'Thread-1', adapter_response: {}, ...extra };
}

const manifest = new ManifestBuilder('shop')
  .seed('raw_orders')
  .model('stg_orders', { deps: ['raw_orders'], path: 'staging/stg_orders.sql' })
  .model('orders', { deps: ['stg_orders'] })
  .snapshot('orders_snapshot', { deps: ['stg_orders'] })
  .genericTest('not_null', 'stg_orders', { column: 'order_id', patchPath: 'models/staging/_staging.yml' })
  .genericTest('unique', 'stg_orders', { column: 'order_id', patchPath: 'models/staging/_staging.yml' })
  .singularTest('assert_positive_totals', { deps: ['orders'], path: 'assert_positive_totals.sql' })
  .build();

const results: NodeResult[] = [
  result('seed.shop.raw_orders', 'success', { message: 'INSERT 3' }),
  result('model.shop.stg_orders', 'success', { message: 'CREATE VIEW', execution_time: 1.5 }),
  result('test.shop.not_null_stg_orders_order_id', 'pass'),
  result('test.shop.unique_stg_orders_order_id', 'fail', {
    message: '2 rows failed',
    failures: 2,
    compiled_path: 'target/compiled/shop/models/staging/_staging.yml/unique_stg_orders_order_id.sql',
    failing_rows: [
      { unique_field: 7, n_records: 2n },
      { unique_field: 9, n_records: 3 },
    ],
  }),
  result('model.shop.orders', 'error', { message: 'models/orders.sql:3:8: relation "missing" does not exist\n  hint: check the ref' }),
  result('snapshot.shop.orders_snapshot', 'skipped', { message: 'skipped because model.shop.orders failed' }),
  result('test.shop.assert_positive_totals', 'warn', { message: '1 row failed', failures: 1, failing_rows: [{ total: -5 }] }),
];

const suite = parseXml(junitXml(results, manifest, { suiteName: 'strata build' })).children[0]!;
const testcase = (name: string) => suite.children.find((c) => c.attributes['name'] === name)!;

describe('junitXml', () => {
  it('has one testsuite named after the command with the counts CI systems show', () => {
    const root = parseXml(junitXml(results, manifest, { suiteName: 'strata build' }));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((c) => c.name)).toEqual(['testsuite']);
    expect(suite.attributes).toMatchObject({ name: 'strata build', tests: '7', failures: '1', errors: '1', skipped: '1', time: '3.000' });
  });

  it('writes one testcase per result, with classname resource_type.package, the node name and its file', () => {
    expect(suite.children.map((c) => c.name)).toEqual(Array(7).fill('testcase'));
    expect(testcase('stg_orders').attributes).toEqual({
      classname: 'model.shop',
      name: 'stg_orders',
      file: 'models/staging/stg_orders.sql',
      time: '1.500',
    });
    expect(testcase('raw_orders').attributes['classname']).toBe('seed.shop');
    expect(testcase('orders_snapshot').attributes['classname']).toBe('snapshot.shop');
    expect(testcase('not_null_stg_orders_order_id').attributes).toMatchObject({ classname: 'test.shop', file: 'models/staging/_staging.yml' });
    expect(testcase('not_null_stg_orders_order_id').children).toEqual([]);
  });

  it('reports a failing test as <failure> with the row count, the compiled query and the first failing rows', () => {
    const [failure] = testcase('unique_stg_orders_order_id').children;
    expect(failure!.name).toBe('failure');
    expect(failure!.attributes['message']).toBe('2 failing rows');
    expect(failure!.text).toContain('compiled query: target/compiled/shop/models/staging/_staging.yml/unique_stg_orders_order_id.sql');
    expect(failure!.text).toContain('{"unique_field":7,"n_records":"2"}');
    expect(failure!.text).toContain('{"unique_field":9,"n_records":3}');
  });

  it('reports an error as <error> whose message is the first line and whose body has the whole message', () => {
    const [error] = testcase('orders').children;
    expect(error!.name).toBe('error');
    expect(error!.attributes['message']).toBe('models/orders.sql:3:8: relation "missing" does not exist');
    expect(error!.text).toContain('  hint: check the ref');
  });

  it('reports skipped nodes as <skipped> with the reason', () => {
    const [skipped] = testcase('orders_snapshot').children;
    expect(skipped!.name).toBe('skipped');
    expect(skipped!.attributes['message']).toBe('skipped because model.shop.orders failed');
  });

  it('reports a warning as a passing testcase whose <system-out> says why', () => {
    const children = testcase('assert_positive_totals').children;
    expect(children.map((c) => c.name)).toEqual(['system-out']);
    expect(children[0]!.text).toContain('warning: 1 row failed');
    expect(children[0]!.text).toContain('{"total":-5}');
  });

  it('escapes markup, quotes, newlines and control characters so the file stays well-formed', () => {
    const nasty = `bad <tag> & "quotes" 'apos' ]]> tab\there\r\nnext\u0000nul\u001b[31mred\u0008 \ud800 end`;
    const xml = junitXml([result('model.shop.orders', 'error', { message: nasty }), result('model.shop.stg_orders', 'skipped', { message: nasty })], manifest, {
      suiteName: 'strata <run> & "x"',
    });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).not.toContain(']]>');
    const parsed = parseXml(xml).children[0]!;
    expect(parsed.attributes['name']).toBe('strata <run> & "x"');
    const expected = `bad <tag> & "quotes" 'apos' ]]> tab\there\r\nnext\\u0000nul\\u001b[31mred\\u0008 \\ud800 end`;
    expect(parsed.children[0]!.children[0]!.text).toBe(expected);
    // Attributes keep tab/CR/LF because they are written as references, not literally.
    expect(parsed.children[1]!.children[0]!.attributes['message']).toBe(expected);
    expect(parsed.children[0]!.children[0]!.attributes['message']).toBe(`bad <tag> & "quotes" 'apos' ]]> tab\there\r`);
  });

  it('keeps characters outside the Basic Multilingual Plane', () => {
    const xml = junitXml([result('model.shop.orders', 'error', { message: 'goal ⚽ 🏈 done' })], manifest, { suiteName: 'strata run' });
    expect(parseXml(xml).children[0]!.children[0]!.children[0]!.text).toBe('goal ⚽ 🏈 done');
  });

  it('names a result whose node is not in the manifest from its unique_id', () => {
    const parsed = parseXml(junitXml([result('model.other.gone', 'success')], manifest, { suiteName: 'strata run' }));
    expect(parsed.children[0]!.children[0]!.attributes).toEqual({ classname: 'model.other', name: 'gone', time: '0.250' });
  });

  it('writes an empty suite with zero counts', () => {
    const parsed = parseXml(junitXml([], manifest, { suiteName: 'strata test', elapsedSeconds: 0.5, timestamp: '2024-01-01T00:00:00Z' }));
    expect(parsed.children[0]!.attributes).toEqual({
      name: 'strata test',
      tests: '0',
      failures: '0',
      errors: '0',
      skipped: '0',
      time: '0.500',
      timestamp: '2024-01-01T00:00:00Z',
    });
  });
});

describe('writeJunitXml', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('creates the folder and writes the document, leaving no temp file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-junit-'));
    dirs.push(dir);
    const file = path.join(dir, 'reports', 'junit.xml');
    await writeJunitXml(file, results, manifest, { suiteName: 'strata build' });
    const written = await readFile(file, 'utf8');
    expect(written).toBe(junitXml(results, manifest, { suiteName: 'strata build' }));
    expect(parseXml(written).children[0]!.attributes['tests']).toBe('7');
    expect(await readdir(path.dirname(file))).toEqual(['junit.xml']);
  });
});
