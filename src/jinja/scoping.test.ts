import { describe, expect, it } from 'vitest';
import { Environment } from './index.js';

// Expected outputs are those of Jinja2 3.1 configured as dbt configures it (the reference renderer).
const env = new Environment();
const render = (source: string, context: object): Promise<string> => env.compile(source, 'test.sql').render(context);

const cases: [string, string, object, string][] = [
  ["loopcarry", "{% for i in [1,2] %}[{{ x }}]{% set x = i %}{% endfor %}", {}, "[][]"],
  ["loopouter", "{% set x = 0 %}{% for i in [1,2] %}[{{ x }}]{% set x = i %}{{x}}{% endfor %}{{x}}", {}, "[0]1[0]20"],
  ["macrolate", "{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}", {}, "2"],
  ["macrolate2", "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}", {}, "2"],
  ["ifleak", "{% if true %}{% set y = 3 %}{% endif %}{{ y }}", {}, "3"],
  ["nsloop", "{% set ns = namespace(c=0) %}{% for i in range(3) %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}", {}, "3"],
  ["set_in_macro_loop", "{% macro m() %}{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}{% endmacro %}{{ m() }}", {}, "1"],
  ["with", "{% set a = 1 %}{% with a = 2, b = a %}{{a}}{{b}}{% endwith %}{{a}}", {}, "211"],
  ["macro_sees_globals", "{% set g = 5 %}{% macro m() %}{{ g }}{{ range(2)|list }}{% endmacro %}{{ m() }}", {}, "5[0, 1]"],
  ["macro_loop_scope", "{% macro m(x) %}{% for i in [1] %}{% set x = 9 %}{% endfor %}{{ x }}{% endmacro %}{{ m(1) }}", {}, "1"],
  ["with_scope", "{% with %}{% set x = 1 %}{{ x }}{% endwith %}[{{ x }}]", {}, "1[]"],
];

describe('scoping follows Jinja2', () => {
  it.each(cases)('%s', async (_name, source, context, expected) => {
    expect(await render(source, context)).toBe(expected);
  });
});
