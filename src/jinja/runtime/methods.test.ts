import { describe, expect, it } from 'vitest';
import { type Case, call, d, f, kw, outcome, t } from './test-kit.js';

// Expected strings are what Python's Jinja2 3.1 (sandboxed, as dbt configures it) renders for the template.
import { pyStr } from './values.js';

const outcomeSync = (value: unknown): string => pyStr(value);

describe("Python methods", () => {
  describe("str.format", () => {
    const cases: Case[] = [
      ["{{ '{:>10}|'.format('ab') }}", () => call('{:>10}|', 'format', 'ab'), "        ab|"],
      ["{{ '{:<6}|{:^7}|'.format('ab', 'cd') }}", () => call('{:<6}|{:^7}|', 'format', 'ab', 'cd'), "ab    |  cd   |"],
      ["{{ '{0} {1} {0}'.format('a', 'b') }}", () => call('{0} {1} {0}', 'format', 'a', 'b'), "a b a"],
      ["{{ '{name}-{n:03d}'.format(name='x', n=7) }}", () => call('{name}-{n:03d}', 'format', kw({ name: 'x', n: 7 })), "x-007"],
      ["{{ '{:,}'.format(1234567) }}", () => call('{:,}', 'format', 1234567), "1,234,567"],
      ["{{ '{:,.2f}'.format(1234567.891) }}", () => call('{:,.2f}', 'format', f(1234567.891)), "1,234,567.89"],
      ["{{ '{:_}'.format(1234567) }}", () => call('{:_}', 'format', 1234567), "1_234_567"],
      ["{{ '{:.2f}'.format(2.675) }}", () => call('{:.2f}', 'format', f(2.675)), "2.67"],
      ["{{ '{:.2f}'.format(3) }}", () => call('{:.2f}', 'format', 3), "3.00"],
      ["{{ '{!r}'.format('x') }}", () => call('{!r}', 'format', 'x'), "'x'"],
      ["{{ '{!s}'.format(none) }}", () => call('{!s}', 'format', null), "None"],
      ["{{ '{}'.format(1.0) }}", () => call('{}', 'format', f(1)), "1.0"],
      ["{{ '{}'.format([1, 'a']) }}", () => call('{}', 'format', [1, 'a']), "[1, 'a']"],
      ["{{ '{:.3}'.format(1.0) }}", () => call('{:.3}', 'format', f(1)), "1.0"],
      ["{{ '{:.3}'.format(1234.5) }}", () => call('{:.3}', 'format', f(1234.5)), "1.23e+03"],
      ["{{ '{:g}'.format(0.00001) }}", () => call('{:g}', 'format', f(0.00001)), "1e-05"],
      ["{{ '{:e}'.format(12345) }}", () => call('{:e}', 'format', 12345), "1.234500e+04"],
      ["{{ '{:%}'.format(0.25) }}", () => call('{:%}', 'format', f(0.25)), "25.000000%"],
      ["{{ '{:.1%}'.format(0.125) }}", () => call('{:.1%}', 'format', f(0.125)), "12.5%"],
      ["{{ '{:+d} {: d} {:-d}'.format(5, 5, -5) }}", () => call('{:+d} {: d} {:-d}', 'format', 5, 5, -5), "+5  5 -5"],
      ["{{ '{:08.3f}'.format(-3.14159) }}", () => call('{:08.3f}', 'format', f(-3.14159)), "-003.142"],
      ["{{ '{:*^9}'.format('mid') }}", () => call('{:*^9}', 'format', 'mid'), "***mid***"],
      ["{{ '{:=+8}'.format(42) }}", () => call('{:=+8}', 'format', 42), "+     42"],
      ["{{ '{:x} {:X} {:o} {:b} {:#x} {:#b}'.format(255, 255, 8, 5, 255, 5) }}", () => call('{:x} {:X} {:o} {:b} {:#x} {:#b}', 'format', 255, 255, 8, 5, 255, 5), "ff FF 10 101 0xff 0b101"],
      ["{{ '{:c}'.format(97) }}", () => call('{:c}', 'format', 97), "a"],
      ["{{ '{:>{w}}'.format('a', w=4) }}", () => call('{:>{w}}', 'format', 'a', kw({ w: 4 })), "   a"],
      ["{{ '{0[1]} {1[a]}'.format([5, 6], {'a': 'z'}) }}", () => call('{0[1]} {1[a]}', 'format', [5, 6], d({ a: 'z' })), "6 z"],
      ["{{ '{{}} {}'.format(1) }}", () => call('{{}} {}', 'format', 1), "{} 1"],
      ["{{ '{} {}'.format(1) }}", () => call('{} {}', 'format', 1), "IndexError: tuple index out of range"],
      ["{{ '{x}'.format(y=1) }}", () => call('{x}', 'format', kw({ y: 1 })), "KeyError: 'x'"],
      ["{{ '{0} {}'.format(1, 2) }}", () => call('{0} {}', 'format', 1, 2), "ValueError: cannot switch from manual field specification to automatic field numbering"],
      ["{{ '{'.format(1) }}", () => call('{', 'format', 1), "ValueError: Single '{' encountered in format string"],
      ["{{ '}'.format(1) }}", () => call('}', 'format', 1), "ValueError: Single '}' encountered in format string"],
      ["{{ '{:d}'.format('a') }}", () => call('{:d}', 'format', 'a'), "ValueError: Unknown format code 'd' for object of type 'str'"],
      ["{{ '{:d}'.format(1.5) }}", () => call('{:d}', 'format', f(1.5)), "ValueError: Unknown format code 'd' for object of type 'float'"],
      ["{{ '{:5}|{:<5}|{:5}'.format(1, 2, 'ab') }}", () => call('{:5}|{:<5}|{:5}', 'format', 1, 2, 'ab'), "    1|2    |ab   "],
      ["{{ '{:>5}'.format(none) }}", () => call('{:>5}', 'format', null), "TypeError: unsupported format string passed to NoneType.__format__"],
      ["{{ '{}'.format(true) }}", () => call('{}', 'format', true), "True"],
      ["{{ '{:d}'.format(true) }}", () => call('{:d}', 'format', true), "1"],
      ["{{ '{:>6}'.format(true) }}", () => call('{:>6}', 'format', true), "     1"],
      ["{{ '{a.b}'.format(a={'b': 1}) }}", () => call('{a.b}', 'format', kw({ a: d({ b: 1 }) })), "1"],
      ["{{ '{:.2s}'.format('abc') }}", () => call('{:.2s}', 'format', 'abc'), "ab"],
      ["{{ '{:,}'.format(-1234.5) }}", () => call('{:,}', 'format', f(-1234.5)), "-1,234.5"],
      ["{{ '{:.0f} {:.0f} {:.0f}'.format(0.5, 1.5, 2.5) }}", () => call('{:.0f} {:.0f} {:.0f}', 'format', f(0.5), f(1.5), f(2.5)), "0 2 2"],
      ["{{ '{:.2e}'.format(0) }}", () => call('{:.2e}', 'format', 0), "0.00e+00"],
      ["{{ '{}'.format(1e22) }}", () => call('{}', 'format', f(1e22)), "1e+22"],
      ["{{ '{:f}'.format(1e22) }}", () => call('{:f}', 'format', f(1e22)), "10000000000000000000000.000000"],
      ["{{ '%s-%s'.format_map({'a': 1}) }}", () => call('%s-%s', 'format_map', d({ a: 1 })), "%s-%s"],
      ["{{ '{a}'.format_map({'a': 1}) }}", () => call('{a}', 'format_map', d({ a: 1 })), "1"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("str methods", () => {
    const cases: Case[] = [
      ["{{ 'a,b,,c'.split(',') }}", () => call('a,b,,c', 'split', ','), "['a', 'b', '', 'c']"],
      ["{{ '  a  b \\n c '.split() }}", () => call('  a  b \n c ', 'split'), "['a', 'b', 'c']"],
      ["{{ 'a,b,c'.split(',', 1) }}", () => call('a,b,c', 'split', ',', 1), "['a', 'b,c']"],
      ["{{ 'a b c'.split(none, 1) }}", () => call('a b c', 'split', null, 1), "['a', 'b c']"],
      ["{{ 'a,b,c'.split(maxsplit=1, sep=',') }}", () => call('a,b,c', 'split', kw({ maxsplit: 1, sep: ',' })), "['a', 'b,c']"],
      ["{{ 'a,b,c'.rsplit(',', 1) }}", () => call('a,b,c', 'rsplit', ',', 1), "['a,b', 'c']"],
      ["{{ ' a b c '.rsplit(none, 1) }}", () => call(' a b c ', 'rsplit', null, 1), "[' a b', 'c']"],
      ["{{ 'abc'.split('') }}", () => call('abc', 'split', ''), "ValueError: empty separator"],
      ["{{ ''.split(',') }}", () => call('', 'split', ','), "['']"],
      ["{{ ''.split() }}", () => call('', 'split'), "[]"],
      ["{{ 'aaa'.replace('a', 'b') }}", () => call('aaa', 'replace', 'a', 'b'), "bbb"],
      ["{{ 'aaa'.replace('a', 'b', 2) }}", () => call('aaa', 'replace', 'a', 'b', 2), "bba"],
      ["{{ 'abc'.replace('', '-') }}", () => call('abc', 'replace', '', '-'), "-a-b-c-"],
      ["{{ 'abc'.replace('', '-', 2) }}", () => call('abc', 'replace', '', '-', 2), "-a-bc"],
      ["{{ '  x  '.strip() }}", () => call('  x  ', 'strip'), "x"],
      ["{{ 'xxhixx'.strip('x') }}", () => call('xxhixx', 'strip', 'x'), "hi"],
      ["{{ 'xyhiyx'.lstrip('xy') }}", () => call('xyhiyx', 'lstrip', 'xy'), "hiyx"],
      ["{{ 'xyhiyx'.rstrip('xy') }}", () => call('xyhiyx', 'rstrip', 'xy'), "xyhi"],
      ["{{ '\\t\\n x \\r'.strip() }}", () => call('\t\n x \r', 'strip'), "x"],
      ["{{ 'abc'.startswith('ab') }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.startswith('b', 1) }}", () => [call('abc', 'startswith', 'ab'), call('abc', 'startswith', t('x', 'a')), call('abc', 'startswith', 'b', 1)].map(String).join(' ').replace(/true/g, 'True').replace(/false/g, 'False'), "True True True"],
      ["{{ 'abc'.endswith(('c', 'x')) }}", () => call('abc', 'endswith', t('c', 'x')), "True"],
      ["{{ 'abc'.endswith(['c']) }}", () => call('abc', 'endswith', ['c']), "TypeError: endswith first arg must be str or a tuple of str, not list"],
      ["{{ 'abc'.startswith(1) }}", () => call('abc', 'startswith', 1), "TypeError: startswith first arg must be str or a tuple of str, not int"],
      ["{{ '-'.join(['a', 'b']) }}", () => call('-', 'join', ['a', 'b']), "a-b"],
      ["{{ '-'.join('abc') }}", () => call('-', 'join', 'abc'), "a-b-c"],
      ["{{ '-'.join([1, 2]) }}", () => call('-', 'join', [1, 2]), "TypeError: sequence item 0: expected str instance, int found"],
      ["{{ ','.join({'a': 1, 'b': 2}) }}", () => call(',', 'join', d({ a: 1, b: 2 })), "a,b"],
      ["{{ 'hello WORLD'.upper() }} {{ 'hello WORLD'.lower() }}", () => `${call('hello WORLD', 'upper')} ${call('hello WORLD', 'lower')}`, "HELLO WORLD hello world"],
      ["{{ \"hello world's 1st-thing\".title() }}", () => call("hello world's 1st-thing", 'title'), "Hello World'S 1St-Thing"],
      ["{{ 'hELLO wORLD'.capitalize() }}", () => call('hELLO wORLD', 'capitalize'), "Hello world"],
      ["{{ 'Hello'.swapcase() }}", () => call('Hello', 'swapcase'), "hELLO"],
      ["{{ 'Straße'.casefold() }}", () => call('Straße', 'casefold'), "strasse"],
      ["{{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.find('z') }} {{ 'hello'.find('l', 3) }}", () => [call('hello', 'find', 'l'), call('hello', 'rfind', 'l'), call('hello', 'find', 'z'), call('hello', 'find', 'l', 3)].join(' '), "2 3 -1 3"],
      ["{{ 'hello'.index('e') }}", () => call('hello', 'index', 'e'), "1"],
      ["{{ 'hello'.index('z') }}", () => call('hello', 'index', 'z'), "ValueError: substring not found"],
      ["{{ 'hello'.count('l') }} {{ 'aaaa'.count('aa') }} {{ 'abc'.count('') }}", () => [call('hello', 'count', 'l'), call('aaaa', 'count', 'aa'), call('abc', 'count', '')].join(' '), "2 2 4"],
      ["{{ '123'.isdigit() }} {{ '12a'.isdigit() }} {{ ''.isdigit() }} {{ 'abc'.isalpha() }} {{ 'ab1'.isalnum() }} {{ ' \\t'.isspace() }}", () => [call('123', 'isdigit'), call('12a', 'isdigit'), call('', 'isdigit'), call('abc', 'isalpha'), call('ab1', 'isalnum'), call(' \t', 'isspace')].map((x) => (x ? 'True' : 'False')).join(' '), "True False False True True True"],
      ["{{ 'ABC1'.isupper() }} {{ 'abc1'.islower() }} {{ '123'.isupper() }} {{ 'Ab'.islower() }}", () => [call('ABC1', 'isupper'), call('abc1', 'islower'), call('123', 'isupper'), call('Ab', 'islower')].map((x) => (x ? 'True' : 'False')).join(' '), "True True False False"],
      ["{{ '42'.zfill(5) }} {{ '-42'.zfill(5) }} {{ 'abc'.zfill(2) }}", () => [call('42', 'zfill', 5), call('-42', 'zfill', 5), call('abc', 'zfill', 2)].join(' '), "00042 -0042 abc"],
      ["[{{ 'ab'.center(7) }}][{{ 'ab'.center(6, '*') }}][{{ 'abc'.center(6) }}][{{ 'ab'.ljust(5, '.') }}][{{ 'ab'.rjust(5) }}]", () => `[${call('ab', 'center', 7)}][${call('ab', 'center', 6, '*')}][${call('abc', 'center', 6)}][${call('ab', 'ljust', 5, '.')}][${call('ab', 'rjust', 5)}]`, "[   ab  ][**ab**][ abc  ][ab...][   ab]"],
      ["{{ 'a\\nb\\r\\nc\\n'.splitlines() }}", () => call('a\nb\r\nc\n', 'splitlines'), "['a', 'b', 'c']"],
      ["{{ 'a\\nb\\n'.splitlines(true) }}", () => call('a\nb\n', 'splitlines', true), "['a\\n', 'b\\n']"],
      ["{{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }} {{ 'abc'.partition('=') }}", () => [call('a=b=c', 'partition', '='), call('a=b=c', 'rpartition', '='), call('abc', 'partition', '=')].map((x) => outcomeSync(x)).join(' '), "('a', '=', 'b=c') ('a=b', '=', 'c') ('abc', '', '')"],
      ["{{ 'prefix_name'.removeprefix('prefix_') }} {{ 'name.sql'.removesuffix('.sql') }}", () => `${call('prefix_name', 'removeprefix', 'prefix_')} ${call('name.sql', 'removesuffix', '.sql')}`, "name name"],
      ["{{ 'a\\tb'.expandtabs(4) }}", () => call('a\tb', 'expandtabs', 4), "a   b"],
      ["{{ 'abc'.nope() }}", () => call('abc', 'nope'), "UndefinedError: 'str object' has no attribute 'nope'"],
      ["{{ 'Hello World'.istitle() }} {{ 'Hello world'.istitle() }}", () => [call('Hello World', 'istitle'), call('Hello world', 'istitle')].map((x) => (x ? 'True' : 'False')).join(' '), "True False"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("list methods", () => {
    const cases: Case[] = [
      ["{% set l = [1, 2] %}{% set m = l %}{% do l.append(3) %}{{ m }}", () => (() => { const l = [1, 2]; const m = l; call(l, 'append', 3); return m; })(), "[1, 2, 3]"],
      ["{% set l = [1] %}{% do l.extend((2, 3)) %}{{ l }}", () => (() => { const l = [1]; call(l, 'extend', t(2, 3)); return l; })(), "[1, 2, 3]"],
      ["{% set l = [1, 2, 3] %}{{ l.pop() }}{{ l.pop(0) }}{{ l }}", () => (() => { const l = [1, 2, 3]; return `${call(l, 'pop')}${call(l, 'pop', 0)}${outcomeSync(l)}`; })(), "31[2]"],
      ["{% set l = [] %}{{ l.pop() }}", () => call([], 'pop'), "IndexError: pop from empty list"],
      ["{% set l = [1] %}{{ l.pop(5) }}", () => call([1], 'pop', 5), "IndexError: pop index out of range"],
      ["{% set l = [1, 3] %}{% do l.insert(1, 2) %}{% do l.insert(-10, 0) %}{% do l.insert(10, 9) %}{{ l }}", () => (() => { const l = [1, 3]; call(l, 'insert', 1, 2); call(l, 'insert', -10, 0); call(l, 'insert', 10, 9); return l; })(), "[0, 1, 2, 3, 9]"],
      ["{{ [1, 2, 3].index(2) }} {{ [1, 2, 1].count(1) }}", () => `${call([1, 2, 3], 'index', 2)} ${call([1, 2, 1], 'count', 1)}`, "1 2"],
      ["{{ [1, 2, 3].index(5) }}", () => call([1, 2, 3], 'index', 5), "ValueError: 5 is not in list"],
      ["{{ ['a'].index('b') }}", () => call(['a'], 'index', 'b'), "ValueError: 'b' is not in list"],
      ["{% set l = [1, 2, 1] %}{% do l.remove(1) %}{{ l }}", () => (() => { const l = [1, 2, 1]; call(l, 'remove', 1); return l; })(), "[2, 1]"],
      ["{% set l = [1] %}{% do l.remove(5) %}{{ l }}", () => (() => { const l = [1]; call(l, 'remove', 5); return l; })(), "ValueError: list.remove(x): x not in list"],
      ["{% set l = [3, 1, 2] %}{% do l.reverse() %}{{ l }}", () => (() => { const l = [3, 1, 2]; call(l, 'reverse'); return l; })(), "[2, 1, 3]"],
      ["{% set l = [3, 1, 2] %}{% do l.sort() %}{{ l }}", () => (() => { const l = [3, 1, 2]; call(l, 'sort'); return l; })(), "[1, 2, 3]"],
      ["{% set l = ['b', 'a', 'C'] %}{% do l.sort(reverse=true) %}{{ l }}", () => (() => { const l = ['b', 'a', 'C']; call(l, 'sort', kw({ reverse: true })); return l; })(), "['b', 'a', 'C']"],
      ["{% set l = [1, 'a'] %}{% do l.sort() %}{{ l }}", () => (() => { const l = [1, 'a']; call(l, 'sort'); return l; })(), "TypeError: '<' not supported between instances of 'str' and 'int'"],
      ["{% set l = [1, 2] %}{% set c = l.copy() %}{% do c.append(3) %}{{ l }} {{ c }}", () => (() => { const l = [1, 2]; const c = call(l, 'copy'); call(c, 'append', 3); return `${outcomeSync(l)} ${outcomeSync(c)}`; })(), "[1, 2] [1, 2, 3]"],
      ["{% set l = [1, 2] %}{% do l.clear() %}{{ l }}", () => (() => { const l = [1, 2]; call(l, 'clear'); return l; })(), "[]"],
      ["{{ (1, 2, 1).count(1) }} {{ (1, 2).index(2) }}", () => `${call(t(1, 2, 1), 'count', 1)} ${call(t(1, 2), 'index', 2)}`, "2 1"],
      ["{{ (1, 2).append(3) }}", () => call(t(1, 2), 'append', 3), "UndefinedError: 'tuple object' has no attribute 'append'"],
      ["{{ [1, 2].append(3) }}", () => call([1, 2], 'append', 3), "None"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("dict methods", () => {
    const cases: Case[] = [
      ["{{ {'a': 1, 'b': 2}.items() }}", () => call(d({ a: 1, b: 2 }), 'items'), "dict_items([('a', 1), ('b', 2)])"],
      ["{{ {'a': 1, 'b': 2}.keys() }}", () => call(d({ a: 1, b: 2 }), 'keys'), "dict_keys(['a', 'b'])"],
      ["{{ {'a': 1, 'b': 2}.values() }}", () => call(d({ a: 1, b: 2 }), 'values'), "dict_values([1, 2])"],
      ["{{ {'a': 1}.get('a') }} {{ {'a': 1}.get('b') }} {{ {'a': 1}.get('b', 5) }}", () => [call(d({ a: 1 }), 'get', 'a'), call(d({ a: 1 }), 'get', 'b'), call(d({ a: 1 }), 'get', 'b', 5)].map((x) => outcomeSync(x)).join(' '), "1 None 5"],
      ["{% set x = {'a': 1} %}{% set y = x %}{% do x.update({'b': 2}, c=3) %}{{ y }}", () => (() => { const x = d({ a: 1 }); const y = x; call(x, 'update', d({ b: 2 }), kw({ c: 3 })); return y; })(), "{'a': 1, 'b': 2, 'c': 3}"],
      ["{% set x = {'a': 1} %}{% do x.update([('b', 2)]) %}{{ x }}", () => (() => { const x = d({ a: 1 }); call(x, 'update', [t('b', 2)]); return x; })(), "{'a': 1, 'b': 2}"],
      ["{% set x = {'a': 1, 'b': 2} %}{{ x.pop('a') }} {{ x }} {{ x.pop('z', 0) }}", () => (() => { const x = d({ a: 1, b: 2 }); return `${call(x, 'pop', 'a')} ${outcomeSync(x)} ${call(x, 'pop', 'z', 0)}`; })(), "1 {'b': 2} 0"],
      ["{{ {}.pop('z') }}", () => call(d({}), 'pop', 'z'), "KeyError: 'z'"],
      ["{% set x = {} %}{{ x.setdefault('k', []) }}{% do x.setdefault('k', [9]).append(1) %}{{ x }}", () => (() => { const x = d({}); const first = outcomeSync(call(x, 'setdefault', 'k', [])); (call(x, 'setdefault', 'k', [9]) as unknown[]).push(1); return `${first}${outcomeSync(x)}`; })(), "[]{'k': [1]}"],
      ["{% set x = {'a': [1]} %}{% set y = x.copy() %}{% do y.update(b=2) %}{{ x }} {{ y }}", () => (() => { const x = d({ a: [1] }); const y = call(x, 'copy'); call(y, 'update', kw({ b: 2 })); return `${outcomeSync(x)} ${outcomeSync(y)}`; })(), "{'a': [1]} {'a': [1], 'b': 2}"],
      ["{% set x = {'a': 1} %}{% do x.clear() %}{{ x }}", () => (() => { const x = d({ a: 1 }); call(x, 'clear'); return x; })(), "{}"],
      ["{{ {'a': 1, 'b': 2}.popitem() }}", () => call(d({ a: 1, b: 2 }), 'popitem'), "('b', 2)"],
      ["{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% endfor %}", () => (call(d({ a: 1 }), 'items') as unknown[][]).map(([k, v]) => `${k}=${v}`).join(''), "a=1"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
});
