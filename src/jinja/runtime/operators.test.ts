import { describe, expect, it } from 'vitest';
import { getAttr, getItem, slice } from './access.js';
import { length } from './iterate.js';
import { add, compare, concat, contains, eq, floordiv, mod, mul, neg, pos, pow, sub, truediv } from './operators.js';
import { type Case, d, f, outcome, t } from './test-kit.js';
import { Undefined } from './values.js';

// Expected strings are what Python's Jinja2 3.1 (sandboxed, as dbt configures it) renders for the template.

describe("operators", () => {
  describe("arithmetic", () => {
    const cases: Case[] = [
      ["{{ 1 + 2 }}", () => add(1, 2), "3"],
      ["{{ 1 + 2.0 }}", () => add(1, f(2)), "3.0"],
      ["{{ 0.1 + 0.2 }}", () => add(f(0.1), f(0.2)), "0.30000000000000004"],
      ["{{ true + 1 }}", () => add(true, 1), "2"],
      ["{{ 'a' + 'b' }}", () => add('a', 'b'), "ab"],
      ["{{ [1] + [2, 3] }}", () => add([1], [2, 3]), "[1, 2, 3]"],
      ["{{ (1,) + (2,) }}", () => add(t(1), t(2)), "(1, 2)"],
      ["{{ 1 + 'a' }}", () => add(1, 'a'), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
      ["{{ 'a' + 1 }}", () => add('a', 1), "TypeError: can only concatenate str (not \"int\") to str"],
      ["{{ [1] + (2,) }}", () => add([1], t(2)), "TypeError: can only concatenate list (not \"tuple\") to list"],
      ["{{ (1,) + [2] }}", () => add(t(1), [2]), "TypeError: can only concatenate tuple (not \"list\") to tuple"],
      ["{{ none + 1 }}", () => add(null, 1), "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"],
      ["{{ 5 - 7 }}", () => sub(5, 7), "-2"],
      ["{{ 5.5 - 2 }}", () => sub(f(5.5), 2), "3.5"],
      ["{{ 'a' - 'b' }}", () => sub('a', 'b'), "TypeError: unsupported operand type(s) for -: 'str' and 'str'"],
      ["{{ 3 * 4 }}", () => mul(3, 4), "12"],
      ["{{ 'ab' * 3 }}", () => mul('ab', 3), "ababab"],
      ["{{ 3 * 'ab' }}", () => mul(3, 'ab'), "ababab"],
      ["{{ [1, 2] * 2 }}", () => mul([1, 2], 2), "[1, 2, 1, 2]"],
      ["{{ 'ab' * -1 }}", () => mul('ab', -1), ""],
      ["{{ 'a' * 'b' }}", () => mul('a', 'b'), "TypeError: can't multiply sequence by non-int of type 'str'"],
      ["{{ 'a' * 2.0 }}", () => mul('a', f(2)), "TypeError: can't multiply sequence by non-int of type 'float'"],
      ["{{ 2.5 * 2 }}", () => mul(f(2.5), 2), "5.0"],
      ["{{ 1 / 2 }}", () => truediv(1, 2), "0.5"],
      ["{{ 4 / 2 }}", () => truediv(4, 2), "2.0"],
      ["{{ 1 / 3 }}", () => truediv(1, 3), "0.3333333333333333"],
      ["{{ 1 / 0 }}", () => truediv(1, 0), "ZeroDivisionError: division by zero"],
      ["{{ 1.0 / 0 }}", () => truediv(f(1), 0), "ZeroDivisionError: float division by zero"],
      ["{{ 7 // 2 }}", () => floordiv(7, 2), "3"],
      ["{{ -7 // 2 }}", () => floordiv(-7, 2), "-4"],
      ["{{ 7 // -2 }}", () => floordiv(7, -2), "-4"],
      ["{{ 7.5 // 2 }}", () => floordiv(f(7.5), 2), "3.0"],
      ["{{ 1 // 0 }}", () => floordiv(1, 0), "ZeroDivisionError: integer division or modulo by zero"],
      ["{{ 1.5 // 0 }}", () => floordiv(f(1.5), 0), "ZeroDivisionError: float floor division by zero"],
      ["{{ 7 % 3 }}", () => mod(7, 3), "1"],
      ["{{ -7 % 3 }}", () => mod(-7, 3), "2"],
      ["{{ 7 % -3 }}", () => mod(7, -3), "-2"],
      ["{{ -7.5 % 2 }}", () => mod(f(-7.5), 2), "0.5"],
      ["{{ 5 % 0 }}", () => mod(5, 0), "ZeroDivisionError: integer modulo by zero"],
      ["{{ 2 ** 10 }}", () => pow(2, 10), "1024"],
      ["{{ 2 ** -1 }}", () => pow(2, -1), "0.5"],
      ["{{ 2 ** 0.5 }}", () => pow(2, f(0.5)), "1.4142135623730951"],
      ["{{ 2.0 ** 3 }}", () => pow(f(2), 3), "8.0"],
      ["{{ 0 ** -1 }}", () => pow(0, -1), "ZeroDivisionError: 0.0 cannot be raised to a negative power"],
      ["{{ 10 ** 20 }}", () => pow(10, 20), "100000000000000000000"],
      ["{{ -(3) }}", () => neg(3), "-3"],
      ["{{ -(2.5) }}", () => neg(f(2.5)), "-2.5"],
      ["{{ -'a' }}", () => neg('a'), "TypeError: bad operand type for unary -: 'str'"],
      ["{{ +(true) }}", () => pos(true), "1"],
      ["{{ 1e100 }}", () => f(1e100), "1e+100"],
      ["{{ 1.5e-7 }}", () => f(1.5e-7), "1.5e-07"],
      ["{{ 123456789.123 }}", () => f(123456789.123), "123456789.123"],
      ["{{ 1e16 }}", () => f(1e16), "1e+16"],
      ["{{ 0.0001 }}", () => f(0.0001), "0.0001"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("percent formatting", () => {
    const cases: Case[] = [
      ["{{ '%s, %d, %r, %5.2f' % ('a', 3, 'b', 3.14159) }}", () => mod('%s, %d, %r, %5.2f', t('a', 3, 'b', f(3.14159))), "a, 3, 'b',  3.14"],
      ["{{ '%s' % 'x' }}", () => mod('%s', 'x'), "x"],
      ["{{ '%s' % [1, 2] }}", () => mod('%s', [1, 2]), "[1, 2]"],
      ["{{ '%s' % (none,) }}", () => mod('%s', t(null)), "None"],
      ["{{ '%(a)s-%(b)05.1f' % {'a': 'x', 'b': 2.25} }}", () => mod('%(a)s-%(b)05.1f', d({ a: 'x', b: f(2.25) })), "x-002.2"],
      ["{{ '%d' % 'x' }}", () => mod('%d', 'x'), "TypeError: %d format: a real number is required, not str"],
      ["{{ '%d' % 3.99 }}", () => mod('%d', f(3.99)), "3"],
      ["{{ '%s %s' % ('a',) }}", () => mod('%s %s', t('a')), "TypeError: not enough arguments for format string"],
      ["{{ '%s' % ('a', 'b') }}", () => mod('%s', t('a', 'b')), "TypeError: not all arguments converted during string formatting"],
      ["{{ 'abc' % 5 }}", () => mod('abc', 5), "TypeError: not all arguments converted during string formatting"],
      ["{{ '%x %X %o %#x' % (255, 255, 8, 255) }}", () => mod('%x %X %o %#x', t(255, 255, 8, 255)), "ff FF 10 0xff"],
      ["{{ '%e %E' % (12345.678, 0.00012) }}", () => mod('%e %E', t(f(12345.678), f(0.00012))), "1.234568e+04 1.200000E-04"],
      ["{{ '%g %g %g %g' % (0.0001, 123456789, 1.5, 100000) }}", () => mod('%g %g %g %g', t(f(0.0001), 123456789, f(1.5), 100000)), "0.0001 1.23457e+08 1.5 100000"],
      ["{{ '%-5s|%5s|%05d|%+d|% d' % ('a', 'b', 42, 5, 5) }}", () => mod('%-5s|%5s|%05d|%+d|% d', t('a', 'b', 42, 5, 5)), "a    |    b|00042|+5| 5"],
      ["{{ '%.2f %.0f %.1f' % (2.675, 0.5, 0.25) }}", () => mod('%.2f %.0f %.1f', t(f(2.675), f(0.5), f(0.25))), "2.67 0 0.2"],
      ["{{ '%.3s' % 'abcdef' }}", () => mod('%.3s', 'abcdef'), "abc"],
      ["{{ '%c%c' % (65, 'b') }}", () => mod('%c%c', t(65, 'b')), "Ab"],
      ["{{ '100%%' % () }}", () => mod('100%%', t()), "100%"],
      ["{{ '%s' % {'a': 1} }}", () => mod('%s', d({ a: 1 })), "{'a': 1}"],
      ["{{ '%*d' % (5, 42) }}", () => mod('%*d', t(5, 42)), "   42"],
      ["{{ '%y' % 1 }}", () => mod('%y', 1), "ValueError: unsupported format character 'y' (0x79) at index 1"],
      ["{{ '%s' % true }}", () => mod('%s', true), "True"],
      ["{{ '%d' % true }}", () => mod('%d', true), "1"],
      ["{{ '%f' % 1e20 }}", () => mod('%f', f(1e20)), "100000000000000000000.000000"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("equality and comparison", () => {
    const cases: Case[] = [
      ["{{ 1 == 1.0 }}", () => eq(1, f(1)), "True"],
      ["{{ 1 == true }}", () => eq(1, true), "True"],
      ["{{ [1, 2] == [1, 2] }}", () => eq([1, 2], [1, 2]), "True"],
      ["{{ [1] == (1,) }}", () => eq([1], t(1)), "False"],
      ["{{ {'a': 1} == {'a': 1.0} }}", () => eq(d({ a: 1 }), d({ a: f(1) })), "True"],
      ["{{ {'a': 1} == {'a': 2} }}", () => eq(d({ a: 1 }), d({ a: 2 })), "False"],
      ["{{ 'a' == 'a' }}", () => eq('a', 'a'), "True"],
      ["{{ none == none }}", () => eq(null, null), "True"],
      ["{{ none == 0 }}", () => eq(null, 0), "False"],
      ["{{ '1' == 1 }}", () => eq('1', 1), "False"],
      ["{{ 1 < 2.5 }}", () => compare('<', 1, f(2.5)), "True"],
      ["{{ 'a' < 'b' }}", () => compare('<', 'a', 'b'), "True"],
      ["{{ 'B' < 'a' }}", () => compare('<', 'B', 'a'), "True"],
      ["{{ [1, 2] < [1, 3] }}", () => compare('<', [1, 2], [1, 3]), "True"],
      ["{{ [1, 2] < [1, 2, 0] }}", () => compare('<', [1, 2], [1, 2, 0]), "True"],
      ["{{ (1, 'a') >= (1, 'a') }}", () => compare('>=', t(1, 'a'), t(1, 'a')), "True"],
      ["{{ 1 < 'a' }}", () => compare('<', 1, 'a'), "TypeError: '<' not supported between instances of 'int' and 'str'"],
      ["{{ none < 1 }}", () => compare('<', null, 1), "TypeError: '<' not supported between instances of 'NoneType' and 'int'"],
      ["{{ [1] < (1,) }}", () => compare('<', [1], t(1)), "TypeError: '<' not supported between instances of 'list' and 'tuple'"],
      ["{{ {} < {} }}", () => compare('<', d({}), d({})), "TypeError: '<' not supported between instances of 'dict' and 'dict'"],
      ["{{ true > false }}", () => compare('>', true, false), "True"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("membership and concatenation", () => {
    const cases: Case[] = [
      ["{{ 'b' in 'abc' }}", () => contains('abc', 'b'), "True"],
      ["{{ 1 in 'abc' }}", () => contains('abc', 1), "TypeError: 'in <string>' requires string as left operand, not int"],
      ["{{ 1 in [1.0, 2] }}", () => contains([f(1), 2], 1), "True"],
      ["{{ 'a' in {'a': 1} }}", () => contains(d({ a: 1 }), 'a'), "True"],
      ["{{ 1 in {1.0: 'x'} }}", () => contains(new Map([[1, 'x']]), 1), "True"],
      ["{{ 'a' in none }}", () => contains(null, 'a'), "TypeError: argument of type 'NoneType' is not iterable"],
      ["{{ 'a' in 3 }}", () => contains(3, 'a'), "TypeError: argument of type 'int' is not iterable"],
      ["{{ [1] in [[1], 2] }}", () => contains([[1], 2], [1]), "True"],
      ["{{ 'a' in undefined_name }}", () => contains(new Undefined('undefined_name'), 'a'), "False"],
      ["{{ 1 ~ none ~ 1.5 ~ true ~ [1, 'a'] }}", () => concat(concat(concat(concat(1, null), f(1.5)), true), [1, 'a']), "1None1.5True[1, 'a']"],
      ["{{ 'x' ~ undefined_name ~ 'y' }}", () => concat(concat('x', new Undefined('undefined_name')), 'y'), "xy"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("attribute and item access", () => {
    const cases: Case[] = [
      ["{{ {'a': 1}.a }}", () => getAttr(d({ a: 1 }), 'a'), "1"],
      ["{{ {'a': 1}['a'] }}", () => getItem(d({ a: 1 }), 'a'), "1"],
      ["{{ {'a': 1}.b }}", () => getAttr(d({ a: 1 }), 'b'), ""],
      ["{{ {'a': 1}.b.c }}", () => getAttr(getAttr(d({ a: 1 }), 'b'), 'c'), "UndefinedError: 'dict object' has no attribute 'b'"],
      ["{{ {'a': 1}['b'].c }}", () => getAttr(getItem(d({ a: 1 }), 'b'), 'c'), "UndefinedError: 'dict object' has no attribute 'b'"],
      ["{{ {'items': 1}.items is callable }}", () => typeof getAttr(d({ items: 1 }), 'items') === 'function', "True"],
      ["{{ {'items': 1}['items'] }}", () => getItem(d({ items: 1 }), 'items'), "1"],
      ["{{ {1: 'one'}[1] }}", () => getItem(new Map([[1, 'one']]), 1), "one"],
      ["{{ {1: 'one'}[1.0] }}", () => getItem(new Map([[1, 'one']]), f(1)), "one"],
      ["{{ {1: 'one'}[2].x }}", () => getAttr(getItem(new Map([[1, 'one']]), 2), 'x'), "UndefinedError: dict object has no element 2"],
      ["{{ [1, 2, 3][-1] }}", () => getItem([1, 2, 3], -1), "3"],
      ["{{ [1, 2, 3][5] }}", () => getItem([1, 2, 3], 5), ""],
      ["{{ [1, 2, 3][5].x }}", () => getAttr(getItem([1, 2, 3], 5), 'x'), "UndefinedError: list object has no element 5"],
      ["{{ (1, 2)[7].x }}", () => getAttr(getItem(t(1, 2), 7), 'x'), "UndefinedError: tuple object has no element 7"],
      ["{{ [1, 2, 3]['x'].y }}", () => getAttr(getItem([1, 2, 3], 'x'), 'y'), "UndefinedError: 'list object' has no attribute 'x'"],
      ["{{ 'abc'[1] }}", () => getItem('abc', 1), "b"],
      ["{{ 'abc'[-1] }}", () => getItem('abc', -1), "c"],
      ["{{ 'abc'[9].x }}", () => getAttr(getItem('abc', 9), 'x'), "UndefinedError: str object has no element 9"],
      ["{{ none.x }}", () => getAttr(null, 'x'), ""],
      ["{{ none.x.y }}", () => getAttr(getAttr(null, 'x'), 'y'), "UndefinedError: 'None' has no attribute 'x'"],
      ["{{ (1).x.y }}", () => getAttr(getAttr(1, 'x'), 'y'), "UndefinedError: 'int object' has no attribute 'x'"],
      ["{{ 'abc'.nope.y }}", () => getAttr(getAttr('abc', 'nope'), 'y'), "UndefinedError: 'str object' has no attribute 'nope'"],
      ["{{ ''.__class__ }}", () => getAttr('', '__class__'), ""],
      ["{{ ''.__class__.x }}", () => getAttr(getAttr('', '__class__'), 'x'), "SecurityError: access to attribute '__class__' of 'str' object is unsafe."],
      ["{{ {'_a': 1}._a }}", () => getAttr(d({ _a: 1 }), '_a'), "1"],
      ["{{ undefined_name.x }}", () => getAttr(new Undefined('undefined_name'), 'x'), "UndefinedError: 'undefined_name' is undefined"],
      ["{{ undefined_name['x'] }}", () => getItem(new Undefined('undefined_name'), 'x'), "UndefinedError: 'undefined_name' is undefined"],
      ["{{ (1, 2).append }}", () => getAttr(t(1, 2), 'append'), ""],
      ["{{ (1, 2).append(3) }}", () => getAttr(getAttr(t(1, 2), 'append'), '__call__'), "UndefinedError: 'tuple object' has no attribute 'append'"],
      ["{{ [1, 2, 3, 4, 5][1:3] }}", () => slice([1, 2, 3, 4, 5], 1, 3, null), "[2, 3]"],
      ["{{ [1, 2, 3, 4, 5][::-1] }}", () => slice([1, 2, 3, 4, 5], null, null, -1), "[5, 4, 3, 2, 1]"],
      ["{{ [1, 2, 3, 4, 5][-2:] }}", () => slice([1, 2, 3, 4, 5], -2, null, null), "[4, 5]"],
      ["{{ [1, 2, 3, 4, 5][::2] }}", () => slice([1, 2, 3, 4, 5], null, null, 2), "[1, 3, 5]"],
      ["{{ [1, 2, 3, 4, 5][4:1:-2] }}", () => slice([1, 2, 3, 4, 5], 4, 1, -2), "[5, 3]"],
      ["{{ [1, 2, 3, 4, 5][-100:100] }}", () => slice([1, 2, 3, 4, 5], -100, 100, null), "[1, 2, 3, 4, 5]"],
      ["{{ 'abcdef'[1:-1] }}", () => slice('abcdef', 1, -1, null), "bcde"],
      ["{{ 'abcdef'[::-2] }}", () => slice('abcdef', null, null, -2), "fdb"],
      ["{{ (1, 2, 3)[1:] }}", () => slice(t(1, 2, 3), 1, null, null), "(2, 3)"],
      ["{{ [1, 2][::0] }}", () => slice([1, 2], null, null, 0), "ValueError: slice step cannot be zero"],
      ["{{ {'a': 1}[1:2] }}", () => slice(d({ a: 1 }), 1, 2, null), ""],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
  describe("length", () => {
    const cases: Case[] = [
      ["{{ 'héllo'|length }}", () => length('héllo'), "5"],
      ["{{ {'a': 1, 'b': 2}|length }}", () => length(d({ a: 1, b: 2 })), "2"],
      ["{{ 5|length }}", () => length(5), "TypeError: object of type 'int' has no len()"],
      ["{{ undefined_name|length }}", () => length(new Undefined('undefined_name')), "0"],
    ];
    it.each(cases)('%s', async (_template, run, expected) => {
      expect(await outcome(run)).toBe(expected);
    });
  });
});
