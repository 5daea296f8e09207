/** Python's json.dumps() and json.loads() over the engine's values. */
import { JinjaRuntimeError, typeError, valueError } from './errors.js';
import { compare } from './operators.js';
import { pyTypeName } from './type-names.js';
import { PyFloat, formatFloat, isMapping, mappingEntries } from './values.js';

export interface DumpsOptions {
  indent?: number | string | null;
  sortKeys?: boolean;
  ensureAscii?: boolean;
}

/** Python's json string encoding (ensure_ascii escapes everything beyond ASCII as \uXXXX). */
export function jsonString(s: string, ensureAscii = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

function floatJson(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return formatFloat(x);
}

function keyJson(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (key instanceof PyFloat) return floatJson(key.value);
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null) return 'null';
  throw typeError(`keys must be str, int, float, bool or None, not ${pyTypeName(key)}`);
}

/** json.dumps(value, indent=..., sort_keys=...) with Python's default separators. */
export function pyJsonDumps(value: unknown, options: DumpsOptions = {}): string {
  const indentUnit =
    options.indent === undefined || options.indent === null
      ? undefined
      : typeof options.indent === 'number'
        ? ' '.repeat(Math.max(0, options.indent))
        : options.indent;
  const itemSep = indentUnit === undefined ? ', ' : ',';
  const ensureAscii = options.ensureAscii ?? true;
  const active = new Set<unknown>();

  const encode = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return jsonString(v, ensureAscii);
    if (v instanceof PyFloat) return floatJson(v.value);
    const isList = Array.isArray(v);
    if (!isList && !isMapping(v)) {
      throw typeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
    }
    if (active.has(v)) throw valueError('Circular reference detected');
    active.add(v);
    let parts: string[];
    if (isList) parts = (v as unknown[]).map((item) => encode(item, level + 1));
    else {
      let entries = mappingEntries(v as Map<unknown, unknown>);
      if (options.sortKeys) entries = [...entries].sort((a, b) => (compare('<', a[0], b[0]) ? -1 : compare('<', b[0], a[0]) ? 1 : 0));
      parts = entries.map(([k, item]) => `${jsonString(keyJson(k), ensureAscii)}: ${encode(item, level + 1)}`);
    }
    active.delete(v);
    const [open, close] = isList ? ['[', ']'] : ['{', '}'];
    if (parts.length === 0) return open + close;
    if (indentUnit === undefined) return open + parts.join(itemSep) + close;
    const inner = `\n${indentUnit.repeat(level + 1)}`;
    return `${open}${inner}${parts.join(itemSep + inner)}\n${indentUnit.repeat(level)}${close}`;
  };
  return encode(value, 0);
}

/** Jinja2's |tojson: json.dumps with <, >, & and ' escaped as \u003c etc. so the output is HTML-safe. */
export function htmlSafeJsonDumps(value: unknown, indent?: number | string | null): string {
  return pyJsonDumps(value, { indent, sortKeys: true })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}

function decodeError(message: string, text: string, pos: number): JinjaRuntimeError {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return new JinjaRuntimeError(`${message}: line ${line} column ${column} (char ${pos})`, 'JSONDecodeError');
}

/** Python's json.loads(): objects become dicts (Map), numbers with a fraction or exponent become floats. */
export function pyJsonLoads(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const parseString = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) throw decodeError('Unterminated string starting at', text, start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw decodeError('Invalid \\escape', text, i);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) throw decodeError('Invalid control character at', text, i);
      out += c;
      i++;
    }
  };
  const parseValue = (): unknown => {
    ws();
    const c = text[i];
    if (c === '"') return parseString();
    if (c === '{') {
      i++;
      const out = new Map<unknown, unknown>();
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw decodeError('Expecting property name enclosed in double quotes', text, i);
        const key = parseString();
        ws();
        if (text[i] !== ':') throw decodeError("Expecting ':' delimiter", text, i);
        i++;
        out.set(key, parseValue());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return out;
        }
        throw decodeError("Expecting ',' delimiter", text, i);
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(parseValue());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return out;
        }
        throw decodeError("Expecting ',' delimiter", text, i);
      }
    }
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      return m[1] || m[2] ? new PyFloat(Number(m[0])) : Number(m[0]);
    }
    throw decodeError('Expecting value', text, i);
  };
  const value = parseValue();
  ws();
  if (i < text.length) throw decodeError('Extra data', text, i);
  return value;
}
