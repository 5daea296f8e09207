import { describe, expect, it } from 'vitest';
import { Environment } from './index.js';

// Expected outputs are those of Jinja2 3.1 configured as dbt configures it (the reference renderer).
const env = new Environment();
const render = (source: string, context: object): Promise<string> => env.compile(source, 'test.sql').render(context);

const cases: [string, string, object, string][] = [
  ["loopvars", "{% for i in 'abc' %}{{loop.index}}{{loop.index0}}{{loop.revindex}}{{loop.revindex0}}{{loop.first}}{{loop.last}}{{loop.length}}{{loop.cycle('x','y')}}{{loop.previtem}}{{loop.nextitem}}{{loop.depth}}{{loop.depth0}}|{% endfor %}", {}, "1032TrueFalse3xb10|2121FalseFalse3yac10|3210FalseTrue3xb10|"],
  ["loopprint", "{% for i in [1] %}{{ loop }}{% endfor %}", {}, "<LoopContext 1/1>"],
  ["recursive", "{% for i in [[1,[2]],[3]] recursive %}<{% if i is iterable %}{{ loop(i) }}{% else %}{{i}}@{{loop.depth}}{% endif %}>{% endfor %}", {}, "<<1@2><<2@3>>><<3@2>>"],
  ["loopfilter", "{% for i in range(6) if i is odd %}{{loop.index}}:{{i}}/{{loop.length}} {% else %}none{% endfor %}", {}, "1:1/3 2:3/3 3:5/3 "],
  ["loopelse", "{% for i in [] %}x{% else %}none{% endfor %}", {}, "none"],
  ["changed", "{% for i in [1,1,2] %}{{ loop.changed(i) }}{% endfor %}", {}, "TrueFalseTrue"],
  ["brk", "{% for i in range(5) %}{% if i == 3 %}{% break %}{% endif %}{% if i == 1 %}{% continue %}{% endif %}{{i}}{% endfor %}", {}, "02"],
  ["nested_loops", "{% for a in [1,2] %}{% set outer = loop %}{% for b in 'xy' %}{{ outer.index }}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{% endfor %}", {}, "111x 121y 212x 222y "],
  ["dictiter", "{% for k, v in {'a': 1, 'b': 2}.items() %}{{k}}={{v}};{% endfor %}{% for k in {'x':1} %}{{k}}{% endfor %}", {}, "a=1;b=2;x"],
  ["forunpack", "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}", {}, "37"],
  ["loop_changed", "{% for x in [1,1,2,3,3] %}{% if loop.changed(x) %}{{x}}{% endif %}{% endfor %}", {}, "123"],
  ["loop_cycle", "{% for x in range(4) %}{{ loop.cycle('a','b','c') }}{% endfor %}", {}, "abca"],
  ["loop_prevnext", "{% for x in range(3) %}{{ loop.previtem }}-{{ loop.nextitem }}|{% endfor %}", {}, "-1|0-2|1-|"],
  ["break_else", "{% for x in range(3) %}{% break %}{% else %}E{% endfor %}done", {}, "Edone"],
  ["undefined_iter", "{% for i in x %}a{% else %}empty{% endfor %}", {}, "empty"],
];

describe('for loops and the loop object', () => {
  it.each(cases)('%s', async (_name, source, context, expected) => {
    expect(await render(source, context)).toBe(expected);
  });
});
