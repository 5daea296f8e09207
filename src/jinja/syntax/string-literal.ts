/**
 * Decodes the body of a Jinja string literal the way Jinja2 does (Python's `unicode-escape` codec):
 * \n \t \\ \' \" \xhh \uXXXX \UXXXXXXXX \ooo and friends; unknown escapes keep their backslash.
 */

const SIMPLE: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Returns the string value of a literal's body (without quotes); throws on malformed \x/\u escapes. */
export function decodeStringLiteral(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      i++;
      continue;
    }
    const next = body[i + 1]!;
    if (next in SIMPLE) {
      out += SIMPLE[next];
      i += 2;
      continue;
    }
    if (next >= '0' && next <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += 1 + m.length;
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width) {
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        throw new Error(`truncated \\${next}${'X'.repeat(width)} escape`);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + width;
      continue;
    }
    if (next === 'N') {
      throw new Error('unknown Unicode character name');
    }
    out += '\\' + next;
    i += 2;
  }
  return out;
}
