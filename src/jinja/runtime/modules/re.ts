/** Python's `re` module over JavaScript RegExp (patterns translated by regex-translate.ts). */
import { splitArgs } from '../call-args.js';
import { JinjaRuntimeError, typeError } from '../errors.js';
import { callValue } from '../list-methods.js';
import { pyTypeName } from '../type-names.js';
import { makeTuple, pyRepr, reprString } from '../values.js';
import { FLAGS, expandTemplate, translatePattern } from './regex-translate.js';

interface Compiled {
  global: RegExp;
  sticky: RegExp;
  full: RegExp;
  groups: number;
  names: string[];
  pyFlags: number;
}

const cache = new Map<string, Compiled>();

/** Names of capturing groups in order (index 0 is group 1); '' for unnamed groups. */
function groupNames(source: string): string[] {
  const names: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      if (source[i + 1] !== '?') names.push('');
      else {
        const named = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(source.slice(i));
        if (named) names.push(named[1]!);
      }
    }
  }
  return names;
}

function compileJs(pattern: string, flags: number): Compiled {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = translatePattern(pattern, flags);
  let compiled: Compiled;
  try {
    const global = new RegExp(t.source, `${t.jsFlags}gd`);
    const groups = new RegExp(`${t.source}|`, t.jsFlags).exec('')!.length - 1;
    compiled = {
      global,
      sticky: new RegExp(t.source, `${t.jsFlags}yd`),
      full: new RegExp(`(?:${t.source})(?![\\s\\S])`, `${t.jsFlags}yd`),
      groups,
      names: groupNames(t.source),
      pyFlags: t.pyFlags,
    };
  } catch (e) {
    throw new JinjaRuntimeError((e as Error).message.replace(/^Invalid regular expression: /, ''), 'error');
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function strArg(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw typeError(`expected string or bytes-like object, got '${pyTypeName(value)}'${what ? '' : ''}`);
}

/** re.Match */
export class PyMatch {
  readonly pythonTypeName = 're.Match';
  constructor(
    private readonly m: RegExpExecArray,
    readonly re: PyPattern,
    readonly string: string,
  ) {}
  private index(ref: unknown): number {
    if (typeof ref === 'number') {
      if (ref < 0 || ref >= this.m.length) throw new JinjaRuntimeError('no such group', 'IndexError');
      return ref;
    }
    if (typeof ref === 'string') {
      const i = this.re.compiled.names.indexOf(ref);
      if (i === -1) throw new JinjaRuntimeError('no such group', 'IndexError');
      return i + 1;
    }
    throw new JinjaRuntimeError('no such group', 'IndexError');
  }
  private value(ref: unknown): unknown {
    return this.m[this.index(ref)] ?? null;
  }
  group(...raw: unknown[]): unknown {
    const [args] = splitArgs(raw);
    if (args.length <= 1) return this.value(args[0] ?? 0);
    return makeTuple(args.map((a) => this.value(a)));
  }
  __getitem__(key: unknown): unknown {
    return this.value(key);
  }
  groups(...raw: unknown[]): unknown {
    const [args, kwargs] = splitArgs(raw);
    const fallback = args[0] ?? kwargs.default ?? null;
    return makeTuple(this.m.slice(1).map((g) => g ?? fallback));
  }
  groupdict(...raw: unknown[]): Map<unknown, unknown> {
    const [args, kwargs] = splitArgs(raw);
    const fallback = args[0] ?? kwargs.default ?? null;
    const out = new Map<unknown, unknown>();
    this.re.compiled.names.forEach((name, i) => {
      if (name) out.set(name, this.m[i + 1] ?? fallback);
    });
    return out;
  }
  private spanOf(ref: unknown): [number, number] {
    const s = this.m.indices?.[this.index(ref ?? 0)];
    return s ? [s[0], s[1]] : [-1, -1];
  }
  start(group: unknown = 0): number {
    return this.spanOf(group)[0];
  }
  end(group: unknown = 0): number {
    return this.spanOf(group)[1];
  }
  span(group: unknown = 0): unknown {
    return makeTuple(this.spanOf(group));
  }
  get lastindex(): number | null {
    let last: number | null = null;
    for (let i = 1; i < this.m.length; i++) if (this.m[i] !== undefined) last = i;
    return last;
  }
  expand(template: unknown): string {
    return expandTemplate(String(template), (ref) => (this.value(ref) as string | null) ?? '');
  }
  __repr__(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match=${reprString(this.m[0])}>`;
  }
}

function* matches(regex: RegExp, s: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0;
  for (;;) {
    const m = regex.exec(s);
    if (!m) return;
    yield m;
    if (m[0] === '') regex.lastIndex = m.index + (s.codePointAt(m.index)! > 0xffff ? 2 : 1);
    if (regex.lastIndex > s.length) return;
  }
}

/** re.Pattern */
export class PyPattern {
  readonly pythonTypeName = 're.Pattern';
  readonly compiled: Compiled;
  constructor(
    readonly pattern: string,
    flags: number,
  ) {
    this.compiled = compileJs(pattern, flags);
  }
  get flags(): number {
    return this.compiled.pyFlags | FLAGS.U;
  }
  get groups(): number {
    return this.compiled.groups;
  }
  private run(regex: RegExp, raw: unknown[]): PyMatch | null {
    const [args, kwargs] = splitArgs(raw);
    const s = strArg(args[0] ?? kwargs.string, '');
    regex.lastIndex = Number(args[1] ?? kwargs.pos ?? 0);
    const m = regex.exec(s);
    return m ? new PyMatch(m, this, s) : null;
  }
  match(...raw: unknown[]): PyMatch | null {
    return this.run(this.compiled.sticky, raw);
  }
  fullmatch(...raw: unknown[]): PyMatch | null {
    return this.run(this.compiled.full, raw);
  }
  search(...raw: unknown[]): PyMatch | null {
    return this.run(this.compiled.global, raw);
  }
  findall(...raw: unknown[]): unknown[] {
    const [args, kwargs] = splitArgs(raw);
    const s = strArg(args[0] ?? kwargs.string, '');
    const out: unknown[] = [];
    for (const m of matches(this.compiled.global, s)) {
      if (m.length === 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(makeTuple(m.slice(1).map((g) => g ?? '')));
    }
    return out;
  }
  finditer(...raw: unknown[]): PyMatch[] {
    const [args, kwargs] = splitArgs(raw);
    const s = strArg(args[0] ?? kwargs.string, '');
    return [...matches(this.compiled.global, s)].map((m) => new PyMatch(m, this, s));
  }
  split(...raw: unknown[]): unknown[] {
    const [args, kwargs] = splitArgs(raw);
    const s = strArg(args[0] ?? kwargs.string, '');
    const maxsplit = Number(args[1] ?? kwargs.maxsplit ?? 0);
    const out: unknown[] = [];
    let last = 0;
    let n = 0;
    for (const m of matches(this.compiled.global, s)) {
      if (maxsplit > 0 && n >= maxsplit) break;
      out.push(s.slice(last, m.index));
      for (let i = 1; i < m.length; i++) out.push(m[i] ?? null);
      last = m.index + m[0].length;
      n++;
    }
    out.push(s.slice(last));
    return out;
  }
  private substitute(raw: unknown[]): [string, number] {
    const [args, kwargs] = splitArgs(raw);
    const repl = args[0] ?? kwargs.repl;
    const s = strArg(args[1] ?? kwargs.string, '');
    const count = Number(args[2] ?? kwargs.count ?? 0);
    let out = '';
    let last = 0;
    let n = 0;
    for (const m of matches(this.compiled.global, s)) {
      if (count > 0 && n >= count) break;
      out += s.slice(last, m.index);
      const match = new PyMatch(m, this, s);
      if (typeof repl === 'string') out += match.expand(repl);
      else {
        const value = callValue(repl, [match]);
        if (typeof value !== 'string') throw typeError(`expected str instance, ${pyTypeName(value)} found`);
        out += value;
      }
      last = m.index + m[0].length;
      n++;
    }
    return [out + s.slice(last), n];
  }
  sub(...raw: unknown[]): string {
    return this.substitute(raw)[0];
  }
  subn(...raw: unknown[]): unknown {
    return makeTuple(this.substitute(raw));
  }
  __repr__(): string {
    const extra = this.compiled.pyFlags ? `, ${flagNames(this.compiled.pyFlags)}` : '';
    return `re.compile(${pyRepr(this.pattern)}${extra})`;
  }
}

function flagNames(flags: number): string {
  const names: Record<number, string> = { 2: 're.IGNORECASE', 4: 're.LOCALE', 8: 're.MULTILINE', 16: 're.DOTALL', 64: 're.VERBOSE', 256: 're.ASCII' };
  return Object.entries(names)
    .filter(([bit]) => flags & Number(bit))
    .map(([, name]) => name)
    .join('|');
}

function patternOf(value: unknown, flags: unknown): PyPattern {
  if (value instanceof PyPattern) return value;
  if (typeof value !== 'string') throw typeError('first argument must be string or compiled pattern');
  return new PyPattern(value, Number(flags ?? 0));
}

const SPECIAL = /[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g;

/** A fresh `modules.re` object. */
export function createReModule(): Record<string, unknown> {
  // Module functions take (pattern, string, ..., flags) and delegate to a compiled pattern.
  const withPattern =
    (method: 'match' | 'search' | 'fullmatch' | 'findall' | 'finditer', flagsAt: number) =>
    (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const p = patternOf(args[0] ?? kwargs.pattern, args[flagsAt] ?? kwargs.flags);
      return p[method](args[1] ?? kwargs.string);
    };
  return {
    match: withPattern('match', 2),
    search: withPattern('search', 2),
    fullmatch: withPattern('fullmatch', 2),
    findall: withPattern('findall', 2),
    finditer: withPattern('finditer', 2),
    split: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      return patternOf(args[0] ?? kwargs.pattern, args[3] ?? kwargs.flags).split(args[1] ?? kwargs.string, args[2] ?? kwargs.maxsplit ?? 0);
    },
    sub: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const p = patternOf(args[0] ?? kwargs.pattern, args[4] ?? kwargs.flags);
      return p.sub(args[1] ?? kwargs.repl, args[2] ?? kwargs.string, args[3] ?? kwargs.count ?? 0);
    },
    subn: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const p = patternOf(args[0] ?? kwargs.pattern, args[4] ?? kwargs.flags);
      return p.subn(args[1] ?? kwargs.repl, args[2] ?? kwargs.string, args[3] ?? kwargs.count ?? 0);
    },
    compile: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      return patternOf(args[0] ?? kwargs.pattern, args[1] ?? kwargs.flags);
    },
    escape: (value: unknown) => strArg(value, '').replace(SPECIAL, (c) => `\\${c}`),
    I: FLAGS.I,
    IGNORECASE: FLAGS.I,
    M: FLAGS.M,
    MULTILINE: FLAGS.M,
    S: FLAGS.S,
    DOTALL: FLAGS.S,
    X: FLAGS.X,
    VERBOSE: FLAGS.X,
    A: FLAGS.A,
    ASCII: FLAGS.A,
    U: FLAGS.U,
    UNICODE: FLAGS.U,
  };
}
