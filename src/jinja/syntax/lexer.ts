/**
 * Jinja2's lexer with dbt's settings (default delimiters, trim_blocks and lstrip_blocks off,
 * keep_trailing_newline off): turns template source into tokens carrying their source offset.
 */
import { decodeStringLiteral } from './string-literal.js';
import { OPERATORS, type Token, type TokenType } from './tokens.js';

/** A lexing failure at a source offset; the parser turns it into a TemplateSyntaxError. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Jinja2 normalises every newline to \n and, with keep_trailing_newline off, drops one trailing newline. */
export function normalizeSource(source: string): string {
  const normalized = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return normalized.endsWith('\n') ? normalized.slice(0, -1) : normalized;
}

const TAG_START = /\{\{|\{%|\{#/g;
/** Python's `\s` (str.isspace()): JavaScript's lacks \x1c-\x1f and \x85 and adds \ufeff. */
const WS = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const RAW_BEGIN = new RegExp(`\\{%([-+]?)${WS}*raw${WS}*(-?)%\\}`, 'y');
const RAW_END = new RegExp(`\\{%([-+]?)${WS}*endraw${WS}*(?:\\+%\\}|(-)%\\}|%\\})`, 'g');
const WHITESPACE = new RegExp(`${WS}+`, 'y');
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /(?:0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*)/iy;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}><=.:|,;]/y;
const LEADING_WHITESPACE = new RegExp(`^${WS}+`);
const TRAILING_WHITESPACE = new RegExp(`${WS}+$`);
const OPTIONAL_WHITESPACE = new RegExp(`^${WS}*`);

function rstrip(text: string): string {
  return text.replace(TRAILING_WHITESPACE, '');
}

/** Tokenises a newline-normalised template source. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let stripNext = false;
  const n = source.length;

  const pushData = (text: string, offset: number): void => {
    if (stripNext) {
      const stripped = text.replace(LEADING_WHITESPACE, '');
      offset += text.length - stripped.length;
      text = stripped;
      stripNext = false;
    }
    if (text) tokens.push({ type: 'data', value: text, offset });
  };

  while (pos < n) {
    TAG_START.lastIndex = pos;
    const m = TAG_START.exec(source);
    if (!m) {
      pushData(source.slice(pos), pos);
      break;
    }
    const start = m.index;
    const sign = source[start + 2];
    let text = source.slice(pos, start);
    if (sign === '-') text = rstrip(text);
    const dataStart = pos;
    if (m[0] === '{%') {
      RAW_BEGIN.lastIndex = start;
      const raw = RAW_BEGIN.exec(source);
      if (raw) {
        if (raw[1] === '-') text = rstrip(text);
        pushData(text, dataStart);
        pos = raw.index + raw[0].length;
        if (raw[2] === '-') pos += (OPTIONAL_WHITESPACE.exec(source.slice(pos)) ?? [''])[0].length;
        RAW_END.lastIndex = pos;
        const end = RAW_END.exec(source);
        if (!end) throw new LexError('Missing end of raw directive', start);
        let body = source.slice(pos, end.index);
        if (end[1] === '-') body = rstrip(body);
        stripNext = false;
        if (body) tokens.push({ type: 'data', value: body, offset: pos });
        pos = end.index + end[0].length;
        stripNext = end[2] === '-';
        continue;
      }
    }
    pushData(text, dataStart);
    stripNext = false;
    pos = start + 2 + (sign === '-' || sign === '+' ? 1 : 0);
    if (m[0] === '{#') {
      const close = /(?:\+#\}|(-)#\}|#\})/g;
      close.lastIndex = pos;
      const end = close.exec(source);
      if (!end) throw new LexError('Missing end of comment tag', start);
      pos = end.index + end[0].length;
      stripNext = end[1] === '-';
      continue;
    }
    const isBlock = m[0] === '{%';
    tokens.push({ type: isBlock ? 'block_begin' : 'variable_begin', value: m[0], offset: start });
    pos = lexTag(source, pos, isBlock, tokens, (strip) => {
      stripNext = strip;
    });
  }
  tokens.push({ type: 'eof', value: '', offset: n });
  return tokens;
}

/** Lexes the inside of `{{ }}` or `{% %}` from `pos`; returns the position after the closing delimiter. */
function lexTag(source: string, pos: number, isBlock: boolean, tokens: Token[], setStrip: (strip: boolean) => void): number {
  const balancing: string[] = [];
  const close = isBlock ? '%}' : '}}';
  const endType: TokenType = isBlock ? 'block_end' : 'variable_end';
  const n = source.length;
  while (pos < n) {
    if (balancing.length === 0) {
      if (source.startsWith(close, pos) || (source[pos] === '+' && isBlock && source.startsWith(close, pos + 1))) {
        const plus = source[pos] === '+' ? 1 : 0;
        tokens.push({ type: endType, value: close, offset: pos });
        setStrip(false);
        return pos + plus + 2;
      }
      if (source[pos] === '-' && source.startsWith(close, pos + 1)) {
        tokens.push({ type: endType, value: close, offset: pos });
        setStrip(true);
        return pos + 3;
      }
    }
    const code = source.charCodeAt(pos);
    if (code === 32 || (code >= 9 && code <= 13) || (code >= 28 && code <= 31)) {
      pos++;
      continue;
    }
    let m: RegExpExecArray | null;
    if (code >= 48 && code <= 57) {
      FLOAT.lastIndex = pos;
      m = FLOAT.exec(source);
      if (m) {
        tokens.push({ type: 'float', value: Number(m[0].replace(/_/g, '')), offset: pos });
        pos += m[0].length;
        continue;
      }
      INTEGER.lastIndex = pos;
      m = INTEGER.exec(source);
      if (m) {
        tokens.push({ type: 'integer', value: parseInteger(m[0]), offset: pos });
        pos += m[0].length;
        continue;
      }
    } else if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
      let end = pos + 1;
      for (;;) {
        const c = source.charCodeAt(end);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57)) end++;
        else break;
      }
      if (source.charCodeAt(end) < 128 || end >= n) {
        tokens.push({ type: 'name', value: source.slice(pos, end), offset: pos });
        pos = end;
        continue;
      }
    } else if (code === 39 || code === 34) {
      STRING.lastIndex = pos;
      m = STRING.exec(source);
      if (m) {
        let value: string;
        try {
          value = decodeStringLiteral(m[1] ?? m[2] ?? '');
        } catch (e) {
          throw new LexError((e as Error).message, pos);
        }
        tokens.push({ type: 'string', value, offset: pos });
        pos += m[0].length;
        continue;
      }
    } else if (code > 127) {
      WHITESPACE.lastIndex = pos;
      if (WHITESPACE.test(source)) {
        pos = WHITESPACE.lastIndex;
        continue;
      }
    }
    if (code > 127 || (code >= 65 && code <= 122)) {
      NAME.lastIndex = pos;
      m = NAME.exec(source);
      if (m) {
        tokens.push({ type: 'name', value: m[0], offset: pos });
        pos += m[0].length;
        continue;
      }
    }
    OPERATOR.lastIndex = pos;
    m = OPERATOR.exec(source);
    if (m) {
      const op = m[0];
      if (op === '{') balancing.push('}');
      else if (op === '(') balancing.push(')');
      else if (op === '[') balancing.push(']');
      else if (op === '}' || op === ')' || op === ']') {
        if (balancing.length === 0) throw new LexError(`unexpected '${op}'`, pos);
        const expected = balancing.pop();
        if (expected !== op) throw new LexError(`unexpected '${op}', expected '${expected}'`, pos);
      }
      tokens.push({ type: OPERATORS[op]!, value: op, offset: pos });
      pos += op.length;
      continue;
    }
    throw new LexError(`unexpected char ${reprChar(source[pos]!)} at ${pos}`, pos);
  }
  return pos;
}

function reprChar(ch: string): string {
  return ch === "'" ? `"'"` : `'${ch}'`;
}

function parseInteger(text: string): number {
  const digits = text.replace(/_/g, '').toLowerCase();
  if (digits.startsWith('0b')) return parseInt(digits.slice(2), 2);
  if (digits.startsWith('0o')) return parseInt(digits.slice(2), 8);
  if (digits.startsWith('0x')) return parseInt(digits.slice(2), 16);
  return Number(digits);
}
