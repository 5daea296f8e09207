/** Translating Python `re` pattern syntax to JavaScript RegExp syntax. */
import { JinjaRuntimeError } from '../errors.js';

export const FLAGS = { I: 2, L: 4, M: 8, S: 16, U: 32, X: 64, A: 256 } as const;

function stripVerbose(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') inClass = true;
    if (/\s/.test(ch)) continue;
    if (ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
      continue;
    }
    out += ch;
  }
  return out;
}

/** A compiled Python pattern: the JS source and flags, plus the Python flag bits. */
export interface Translated {
  source: string;
  jsFlags: string;
  pyFlags: number;
}

/** Translates a Python pattern (named groups, \A, \Z, inline flags) to a JS RegExp source. */
export function translatePattern(pattern: string, pyFlags: number): Translated {
  let flags = pyFlags;
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    for (const f of inline[1]!) flags |= FLAGS[f.toUpperCase() as keyof typeof FLAGS] ?? 0;
    src = src.slice(inline[0].length);
  }
  if (flags & FLAGS.X) src = stripVerbose(src);
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const next = src[i + 1];
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else if (next === undefined) throw new JinjaRuntimeError('bad escape (end of pattern)', 'error');
      else out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += `\\${src[++i]}`;
      continue;
    }
    if (ch === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (ch === '(' && src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    if (ch === '$' && !(flags & FLAGS.M)) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += ch;
  }
  let jsFlags = 'u';
  if (flags & FLAGS.I) jsFlags += 'i';
  if (flags & FLAGS.M) jsFlags += 'm';
  if (flags & FLAGS.S) jsFlags += 's';
  return { source: out, jsFlags, pyFlags: flags };
}

/** Expands a Python replacement template (\1, \g<1>, \g<name>, \n) for one match. */
export function expandTemplate(template: string, group: (ref: string | number) => string | undefined): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = template[i + 1];
    i++;
    if (next === undefined) throw new JinjaRuntimeError('bad escape (end of pattern)', 'error');
    if (next === 'g') {
      const end = template.indexOf('>', i);
      const ref = template.slice(i + 2, end);
      out += group(/^\d+$/.test(ref) ? Number(ref) : ref) ?? '';
      i = end;
    } else if (/\d/.test(next)) {
      let digits = next;
      if (/\d/.test(template[i + 1] ?? '')) digits += template[++i];
      out += group(Number(digits)) ?? '';
    } else {
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
      if (next in simple) out += simple[next];
      else if (/[a-zA-Z]/.test(next)) throw new JinjaRuntimeError(`bad escape \\${next}`, 'error');
      else out += `\\${next}`;
    }
  }
  return out;
}
