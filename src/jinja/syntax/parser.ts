/**
 * Jinja2's recursive-descent parser (same grammar, precedence and error messages), plus dbt's block tags
 * `test`, `materialization`, `snapshot` and `docs`, which define macros.
 */
import { TemplateSyntaxError } from '../errors.js';
import type * as A from './ast.js';
import { LexError, tokenize } from './lexer.js';
import { describeToken, describeTokenType, type Token, type TokenType } from './tokens.js';

const STATEMENT_KEYWORDS = new Set(['for', 'if', 'macro', 'include', 'from', 'import', 'set', 'with', 'print', 'call', 'filter', 'do', 'break', 'continue', 'test', 'materialization', 'snapshot', 'docs']);
const COMPARE_OPS: Partial<Record<TokenType, A.CompareOp>> = { eq: 'eq', ne: 'ne', lt: 'lt', lteq: 'lteq', gt: 'gt', gteq: 'gteq' };

const TOKEN_EXPRS = new Map<string, [string, string | null]>();

/** Maps offsets of a source to 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): A.Pos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Parses a newline-normalised template source; throws TemplateSyntaxError with file, line and column. */
export function parseTemplate(source: string, file: string): A.TemplateNode {
  const lines = new LineIndex(source);
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (e) {
    if (e instanceof LexError) {
      const p = lines.position(e.offset);
      throw new TemplateSyntaxError(e.message, file, p.line, p.column, source);
    }
    throw e;
  }
  return new Parser(tokens, lines, source, file).parse();
}

class Parser {
  private i = 0;
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly lines: LineIndex,
    private readonly source: string,
    private readonly file: string,
  ) {}

  parse(): A.TemplateNode {
    return { body: this.subparse(null) };
  }

  // ---- token stream ----

  private get current(): Token {
    return this.tokens[this.i]!;
  }
  /** A method rather than a getter so that TypeScript does not narrow it across `next()` calls. */
  private currentType(): TokenType {
    return this.tokens[this.i]!.type;
  }
  private look(): Token {
    return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.tokens[this.i]!;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private pos(token: Token = this.current): A.Pos {
    return this.lines.position(token.offset);
  }
  /** Jinja2's token test: `type` or `type:value`. */
  private test(token: Token, expr: string): boolean {
    let parsed = TOKEN_EXPRS.get(expr);
    if (!parsed) {
      const colon = expr.indexOf(':');
      parsed = colon < 0 ? [expr, null] : [expr.slice(0, colon), expr.slice(colon + 1)];
      TOKEN_EXPRS.set(expr, parsed);
    }
    return token.type === parsed[0] && (parsed[1] === null || token.value === parsed[1]);
  }
  private skipIf(expr: string): boolean {
    if (this.test(this.current, expr)) {
      this.next();
      return true;
    }
    return false;
  }
  private expect(expr: string): Token {
    const token = this.current;
    if (!this.test(token, expr)) {
      const described = describeTokenType(expr);
      if (token.type === 'eof') this.fail(`unexpected end of template, expected '${described}'.`, token);
      this.fail(`expected token '${described}', got '${describeToken(token)}'`, token);
    }
    return this.next();
  }
  private fail(message: string, at: Token | A.Pos = this.current): never {
    const p = 'offset' in at ? this.pos(at) : at;
    throw new TemplateSyntaxError(message, this.file, p.line, p.column, this.source);
  }

  // ---- statements ----

  private subparse(endTokens: string[] | null): A.Stmt[] {
    const body: A.Stmt[] = [];
    let output: (A.TemplateData | A.Expr)[] = [];
    let outputPos: A.Pos | null = null;
    const flush = (): void => {
      if (output.length) body.push({ kind: 'Output', nodes: output, ...outputPos! });
      output = [];
      outputPos = null;
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.currentType() !== 'eof') {
        const token = this.current;
        if (token.type === 'data') {
          outputPos ??= this.pos(token);
          output.push({ kind: 'TemplateData', text: String(token.value), ...this.pos(token) });
          this.next();
        } else if (token.type === 'variable_begin') {
          this.next();
          outputPos ??= this.pos(token);
          output.push(this.parseTuple({ withCondexpr: true }));
          this.expect('variable_end');
        } else if (token.type === 'block_begin') {
          flush();
          this.next();
          if (endTokens && endTokens.some((e) => this.test(this.current, e))) return body;
          const stmt = this.parseStatement();
          if (Array.isArray(stmt)) body.push(...stmt);
          else body.push(stmt);
          this.expect('block_end');
        } else {
          throw new Error('internal parser error: unexpected token ' + token.type);
        }
      }
      flush();
      return body;
    } finally {
      flush();
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private parseStatement(): A.Stmt | A.Stmt[] {
    const token = this.current;
    if (token.type !== 'name') this.fail('tag name expected', token);
    const name = String(token.value);
    if (!STATEMENT_KEYWORDS.has(name)) return this.failUnknownTag(name, token);
    this.tagStack.push(name);
    try {
      switch (name) {
        case 'for':
          return this.parseFor();
        case 'if':
          return this.parseIf();
        case 'macro':
          return this.parseMacro();
        case 'include':
          return this.parseInclude();
        case 'from':
          return this.parseFrom();
        case 'import':
          return this.parseImport();
        case 'set':
          return this.parseSet();
        case 'with':
          return this.parseWith();
        case 'print': {
          const p = this.pos(this.next());
          const nodes: A.Expr[] = [this.parseTuple({ withCondexpr: true })];
          return { kind: 'Output', nodes, ...p };
        }
        case 'call':
          return this.parseCallBlock();
        case 'filter':
          return this.parseFilterBlock();
        case 'do': {
          const p = this.pos(this.next());
          return { kind: 'Do', expr: this.parseTuple({ withCondexpr: true }), ...p };
        }
        case 'break':
        case 'continue': {
          const p = this.pos(this.next());
          if (!this.tagStack.includes('for')) this.fail(`'${name}' is outside of a loop`, p);
          return { kind: name === 'break' ? 'Break' : 'Continue', ...p };
        }
        default:
          return this.parseDbtBlock(name as 'test' | 'materialization' | 'snapshot' | 'docs');
      }
    } finally {
      this.tagStack.pop();
    }
  }

  private failUnknownTag(name: string | null, at: Token): never {
    const expected = new Set<string>();
    for (const exprs of this.endTokenStack) for (const e of exprs) expected.add(describeTokenType(e));
    const innermost = this.endTokenStack[this.endTokenStack.length - 1];
    const currentlyLooking = innermost ? innermost.map((e) => `'${describeTokenType(e)}'`).join(' or ') : null;
    const message = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    if (currentlyLooking) {
      if (name !== null && expected.has(name)) {
        message.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${currentlyLooking}.`);
      } else {
        message.push(`Jinja was looking for the following tags: ${currentlyLooking}.`);
      }
    }
    if (this.tagStack.length) message.push(`The innermost block that needs to be closed is '${this.tagStack[this.tagStack.length - 1]}'.`);
    this.fail(message.join(' '), at);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): A.Stmt[] {
    this.skipIf('colon');
    this.expect('block_end');
    const result = this.subparse(endTokens);
    if (this.currentType() === 'eof') {
      this.endTokenStack.push(endTokens);
      try {
        this.failUnknownTag(null, this.current);
      } finally {
        this.endTokenStack.pop();
      }
    }
    if (dropNeedle) this.next();
    return result;
  }

  private parseFor(): A.For {
    const p = this.pos(this.expect('name:for'));
    const target = this.parseAssignTarget({ extraEndRules: ['name:in'] });
    this.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
    let filter: A.Expr | null = null;
    if (this.skipIf('name:if')) filter = this.parseExpression();
    const recursive = this.skipIf('name:recursive');
    const body = this.parseStatements(['name:endfor', 'name:else']);
    let otherwise: A.Stmt[] = [];
    if (this.next().value !== 'endfor') otherwise = this.parseStatements(['name:endfor'], true);
    return { kind: 'For', target, iter, body, otherwise, filter, recursive, ...p };
  }

  private parseIf(): A.If {
    const p = this.pos(this.expect('name:if'));
    const test = this.parseTuple({ withCondexpr: false });
    const body = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
    const elifs: { test: A.Expr; body: A.Stmt[] }[] = [];
    let otherwise: A.Stmt[] = [];
    for (;;) {
      const token = this.next();
      if (token.value === 'elif') {
        const elifTest = this.parseTuple({ withCondexpr: false });
        elifs.push({ test: elifTest, body: this.parseStatements(['name:elif', 'name:else', 'name:endif']) });
        continue;
      }
      if (token.value === 'else') otherwise = this.parseStatements(['name:endif'], true);
      break;
    }
    return { kind: 'If', test, body, elifs, otherwise, ...p };
  }

  private parseWith(): A.With {
    const p = this.pos(this.next());
    const targets: A.Target[] = [];
    const values: A.Expr[] = [];
    while (this.currentType() !== 'block_end') {
      if (targets.length) this.expect('comma');
      targets.push(this.parseAssignTarget({}));
      this.expect('assign');
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(['name:endwith'], true);
    return { kind: 'With', targets, values, body, ...p };
  }

  private parseSet(): A.Assign | A.AssignBlock {
    const p = this.pos(this.next());
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.skipIf('assign')) return { kind: 'Assign', target, value: this.parseTuple({ withCondexpr: true }), ...p };
    const filter = this.parseFilter(null) as A.FilterExpr | null;
    const body = this.parseStatements(['name:endset'], true);
    return { kind: 'AssignBlock', target, filter, body, ...p };
  }

  private parseSignature(): A.Param[] {
    const params: A.Param[] = [];
    let sawDefault = false;
    this.expect('lparen');
    while (this.currentType() !== 'rparen') {
      if (params.length) this.expect('comma');
      const token = this.expect('name');
      let def: A.Expr | null = null;
      if (this.skipIf('assign')) {
        def = this.parseExpression();
        sawDefault = true;
      } else if (sawDefault) this.fail('non-default argument follows default argument');
      params.push({ name: String(token.value), default: def, ...this.pos(token) });
    }
    this.expect('rparen');
    return params;
  }

  private parseMacro(): A.Macro {
    const p = this.pos(this.next());
    const name = String(this.expect('name').value);
    const params = this.parseSignature();
    const body = this.parseStatements(['name:endmacro'], true);
    return { kind: 'Macro', definition: 'macro', name, boundName: name, params, body, ...p };
  }

  /** dbt's block tags; the bound names follow dbt's jinja extensions. */
  private parseDbtBlock(tag: 'test' | 'materialization' | 'snapshot' | 'docs'): A.Macro {
    const p = this.pos(this.next());
    const name = String(this.expect('name').value);
    let params: A.Param[] = [];
    let boundName: string;
    let adapter: string | undefined;
    if (tag === 'materialization') {
      // dbt's MaterializationExtension: `default`, `adapter='x'` and `supported_languages=[...]`, which
      // becomes the macro's one parameter (defaulting to ['sql']); anything else is refused.
      adapter = 'default';
      while (this.skipIf('comma')) {
        const key = this.expect('name');
        if (key.value === 'default') continue;
        this.expect('assign');
        const value = this.parseExpression();
        if (key.value === 'adapter') {
          if (value.kind !== 'Const' || typeof value.value !== 'string') this.fail('adapter must be a string', value);
          adapter = value.value;
        } else if (key.value === 'supported_languages') {
          params.push({ name: 'supported_languages', default: value, ...this.pos(key) });
        } else {
          this.fail(`Unexpected argument '${String(key.value)}' to materialization '${name}'`, key);
        }
      }
      if (params.length === 0) {
        const sql: A.Expr = { kind: 'Const', value: 'sql', ...p };
        params = [{ name: 'supported_languages', default: { kind: 'List', items: [sql], ...p }, ...p }];
      }
      boundName = `materialization_${name}_${adapter}`;
    } else if (tag === 'docs') {
      boundName = `docs_${name}`;
    } else if (tag === 'snapshot') {
      boundName = name;
    } else {
      boundName = `test_${name}`;
      params = this.parseSignature();
    }
    const body = this.parseStatements([`name:end${tag}`], true);
    return { kind: 'Macro', definition: tag, name, boundName, adapter, params, body, ...p };
  }

  private parseCallBlock(): A.CallBlock {
    const start = this.next();
    const p = this.pos(start);
    const params = this.currentType() === 'lparen' ? this.parseSignature() : [];
    const call = this.parseExpression();
    if (call.kind !== 'Call') this.fail('expected call', p);
    const body = this.parseStatements(['name:endcall'], true);
    return { kind: 'CallBlock', call, params, body, ...p };
  }

  private parseFilterBlock(): A.FilterBlock {
    const p = this.pos(this.next());
    const filter = this.parseFilter(null, true) as A.FilterExpr;
    const body = this.parseStatements(['name:endfilter'], true);
    return { kind: 'FilterBlock', filter, body, ...p };
  }

  private parseImportContext(fallback: boolean): boolean {
    if ((this.test(this.current, 'name:with') || this.test(this.current, 'name:without')) && this.test(this.look(), 'name:context')) {
      const withContext = this.next().value === 'with';
      this.next();
      return withContext;
    }
    return fallback;
  }

  private parseInclude(): A.Include {
    const p = this.pos(this.next());
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (this.test(this.current, 'name:ignore') && this.test(this.look(), 'name:missing')) {
      ignoreMissing = true;
      this.next();
      this.next();
    }
    return { kind: 'Include', template, ignoreMissing, withContext: this.parseImportContext(true), ...p };
  }

  private parseImport(): A.Import {
    const p = this.pos(this.next());
    const template = this.parseExpression();
    this.expect('name:as');
    const target = String(this.expect('name').value);
    return { kind: 'Import', template, target, withContext: this.parseImportContext(false), ...p };
  }

  private parseFrom(): A.FromImport {
    const p = this.pos(this.next());
    const template = this.parseExpression();
    this.expect('name:import');
    const names: { name: string; alias: string; line: number; column: number }[] = [];
    let withContext: boolean | null = null;
    const parseContext = (): boolean => {
      if ((this.current.value === 'with' || this.current.value === 'without') && this.test(this.look(), 'name:context')) {
        withContext = this.next().value === 'with';
        this.next();
        return true;
      }
      return false;
    };
    for (;;) {
      if (names.length) this.expect('comma');
      if (this.currentType() === 'name') {
        if (parseContext()) break;
        const token = this.expect('name');
        const name = String(token.value);
        if (name.startsWith('_')) this.fail('names starting with an underline can not be imported', token);
        let alias = name;
        if (this.skipIf('name:as')) alias = String(this.expect('name').value);
        names.push({ name, alias, ...this.pos(token) });
        if (parseContext() || this.currentType() !== 'comma') break;
      } else {
        this.expect('name');
      }
    }
    return { kind: 'FromImport', template, names, withContext: withContext ?? false, ...p };
  }

  private parseAssignTarget(opts: { extraEndRules?: string[]; withNamespace?: boolean; nameOnly?: boolean }): A.Target {
    if (opts.withNamespace && this.look().type === 'dot') {
      const token = this.expect('name');
      this.next();
      const attr = this.expect('name');
      return { kind: 'NSRef', name: String(token.value), attr: String(attr.value), ...this.pos(token) };
    }
    const target = this.parseTuple({ simplified: true, extraEndRules: opts.extraEndRules });
    return this.toTarget(target);
  }

  private toTarget(expr: A.Expr): A.Target {
    if (expr.kind === 'Name') return expr;
    if (expr.kind === 'Tuple') return { kind: 'Tuple', items: expr.items.map((e) => this.toTarget(e)), line: expr.line, column: expr.column };
    const kind = expr.kind === 'Const' ? 'const' : expr.kind.toLowerCase();
    this.fail(`can't assign to '${kind}'`, expr);
  }

  // ---- expressions ----

  parseExpression(withCondexpr = true): A.Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): A.Expr {
    let p = this.pos();
    let expr1 = this.parseOr();
    while (this.skipIf('name:if')) {
      const test = this.parseOr();
      const otherwise = this.skipIf('name:else') ? this.parseCondexpr() : null;
      expr1 = { kind: 'CondExpr', test, then: expr1, otherwise, ...p };
      p = this.pos();
    }
    return expr1;
  }

  private parseOr(): A.Expr {
    let left = this.parseAnd();
    while (this.test(this.current, 'name:or')) {
      const p = this.pos(this.next());
      left = { kind: 'BinOp', op: 'or', left, right: this.parseAnd(), ...p };
    }
    return left;
  }

  private parseAnd(): A.Expr {
    let left = this.parseNot();
    while (this.test(this.current, 'name:and')) {
      const p = this.pos(this.next());
      left = { kind: 'BinOp', op: 'and', left, right: this.parseNot(), ...p };
    }
    return left;
  }

  private parseNot(): A.Expr {
    if (this.test(this.current, 'name:not')) {
      const p = this.pos(this.next());
      return { kind: 'Unary', op: 'not', operand: this.parseNot(), ...p };
    }
    return this.parseCompare();
  }

  private parseCompare(): A.Expr {
    const p = this.pos();
    const expr = this.parseMath1();
    const ops: A.Operand[] = [];
    for (;;) {
      const op = COMPARE_OPS[this.currentType()];
      const at = this.pos();
      if (op) {
        this.next();
        ops.push({ op, expr: this.parseMath1(), ...at });
      } else if (this.skipIf('name:in')) {
        ops.push({ op: 'in', expr: this.parseMath1(), ...at });
      } else if (this.test(this.current, 'name:not') && this.test(this.look(), 'name:in')) {
        this.next();
        this.next();
        ops.push({ op: 'notin', expr: this.parseMath1(), ...at });
      } else break;
    }
    if (!ops.length) return expr;
    return { kind: 'Compare', expr, ops, ...p };
  }

  private parseMath1(): A.Expr {
    let left = this.parseConcat();
    while (this.currentType() === 'add' || this.currentType() === 'sub') {
      const token = this.next();
      left = { kind: 'BinOp', op: token.type as 'add' | 'sub', left, right: this.parseConcat(), ...this.pos(token) };
    }
    return left;
  }

  private parseConcat(): A.Expr {
    let left = this.parseMath2();
    while (this.currentType() === 'tilde') {
      const token = this.next();
      left = { kind: 'BinOp', op: 'concat', left, right: this.parseMath2(), ...this.pos(token) };
    }
    return left;
  }

  private parseMath2(): A.Expr {
    let left = this.parsePow();
    while (['mul', 'div', 'floordiv', 'mod'].includes(this.currentType())) {
      const token = this.next();
      left = { kind: 'BinOp', op: token.type as A.BinaryOp, left, right: this.parsePow(), ...this.pos(token) };
    }
    return left;
  }

  private parsePow(): A.Expr {
    let left = this.parseUnary();
    while (this.currentType() === 'pow') {
      const token = this.next();
      left = { kind: 'BinOp', op: 'pow', left, right: this.parseUnary(), ...this.pos(token) };
    }
    return left;
  }

  private parseUnary(withFilter = true): A.Expr {
    const token = this.current;
    let node: A.Expr;
    if (token.type === 'sub' || token.type === 'add') {
      this.next();
      node = { kind: 'Unary', op: token.type === 'sub' ? 'neg' : 'pos', operand: this.parseUnary(false), ...this.pos(token) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): A.Expr {
    const token = this.current;
    const p = this.pos(token);
    if (token.type === 'name') {
      this.next();
      const v = token.value;
      if (v === 'true' || v === 'True' || v === 'false' || v === 'False') return { kind: 'Const', value: v === 'true' || v === 'True', ...p };
      if (v === 'none' || v === 'None') return { kind: 'Const', value: null, ...p };
      return { kind: 'Name', name: String(v), ...p };
    }
    if (token.type === 'string') {
      this.next();
      let value = String(token.value);
      while (this.currentType() === 'string') value += String(this.next().value);
      return { kind: 'Const', value, ...p };
    }
    if (token.type === 'integer' || token.type === 'float') {
      this.next();
      return { kind: 'Const', value: token.value as number, float: token.type === 'float', ...p };
    }
    if (token.type === 'lparen') {
      this.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.expect('rparen');
      return node;
    }
    if (token.type === 'lbracket') return this.parseList();
    if (token.type === 'lbrace') return this.parseDict();
    this.fail(`unexpected '${describeToken(token)}'`, token);
  }

  parseTuple(opts: { simplified?: boolean; withCondexpr?: boolean; extraEndRules?: string[]; explicitParentheses?: boolean }): A.Expr {
    let p = this.pos();
    const parse = opts.simplified
      ? (): A.Expr => this.parsePrimary()
      : (): A.Expr => this.parseExpression(opts.withCondexpr ?? true);
    const items: A.Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expect('comma');
      if (this.isTupleEnd(opts.extraEndRules)) break;
      items.push(parse());
      if (this.currentType() === 'comma') isTuple = true;
      else break;
      p = this.pos();
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!opts.explicitParentheses) this.fail(`Expected an expression, got '${describeToken(this.current)}'`);
    }
    return { kind: 'Tuple', items, ...p };
  }

  private isTupleEnd(extra?: string[]): boolean {
    const t = this.currentType();
    if (t === 'variable_end' || t === 'block_end' || t === 'rparen') return true;
    return extra ? extra.some((e) => this.test(this.current, e)) : false;
  }

  private parseList(): A.Expr {
    const p = this.pos(this.expect('lbracket'));
    const items: A.Expr[] = [];
    while (this.currentType() !== 'rbracket') {
      if (items.length) this.expect('comma');
      if (this.currentType() === 'rbracket') break;
      items.push(this.parseExpression());
    }
    this.expect('rbracket');
    return { kind: 'List', items, ...p };
  }

  private parseDict(): A.Expr {
    const p = this.pos(this.expect('lbrace'));
    const items: [A.Expr, A.Expr][] = [];
    while (this.currentType() !== 'rbrace') {
      if (items.length) this.expect('comma');
      if (this.currentType() === 'rbrace') break;
      const key = this.parseExpression();
      this.expect('colon');
      items.push([key, this.parseExpression()]);
    }
    this.expect('rbrace');
    return { kind: 'Dict', items, ...p };
  }

  private parsePostfix(node: A.Expr): A.Expr {
    for (;;) {
      const t = this.currentType();
      if (t === 'dot' || t === 'lbracket') node = this.parseSubscript(node);
      else if (t === 'lparen') node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: A.Expr): A.Expr {
    for (;;) {
      const t = this.currentType();
      if (t === 'pipe') node = this.parseFilter(node)!;
      else if (t === 'name' && this.current.value === 'is') node = this.parseTest(node);
      else if (t === 'lparen') node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: A.Expr): A.Expr {
    const token = this.next();
    const p = this.pos(token);
    if (token.type === 'dot') {
      const attr = this.current;
      this.next();
      if (attr.type === 'name') return { kind: 'GetAttr', object: node, attr: String(attr.value), ...p };
      if (attr.type !== 'integer') this.fail('expected name or number', attr);
      return { kind: 'GetItem', object: node, key: { kind: 'Const', value: attr.value as number, ...this.pos(attr) }, ...p };
    }
    const args: A.Expr[] = [];
    while (this.currentType() !== 'rbracket') {
      if (args.length) this.expect('comma');
      args.push(this.parseSubscribed());
    }
    this.expect('rbracket');
    const key: A.Expr = args.length === 1 ? args[0]! : { kind: 'Tuple', items: args, ...p };
    return { kind: 'GetItem', object: node, key, ...p };
  }

  private parseSubscribed(): A.Expr {
    const p = this.pos();
    const parts: (A.Expr | null)[] = [];
    if (this.currentType() === 'colon') {
      this.next();
      parts.push(null);
    } else {
      const node = this.parseExpression();
      if (this.currentType() !== 'colon') return node;
      this.next();
      parts.push(node);
    }
    if (this.currentType() === 'colon') parts.push(null);
    else if (this.currentType() !== 'rbracket' && this.currentType() !== 'comma') parts.push(this.parseExpression());
    else parts.push(null);
    if (this.currentType() === 'colon') {
      this.next();
      if (this.currentType() !== 'rbracket' && this.currentType() !== 'comma') parts.push(this.parseExpression());
      else parts.push(null);
    } else parts.push(null);
    return { kind: 'Slice', start: parts[0]!, stop: parts[1]!, step: parts[2]!, ...p };
  }

  private parseCallArgs(): A.CallArgs {
    const token = this.expect('lparen');
    const args: A.Expr[] = [];
    const kwargs: A.Keyword[] = [];
    let dynArgs: A.Expr | null = null;
    let dynKwargs: A.Expr | null = null;
    let requireComma = false;
    const ensure = (ok: boolean): void => {
      if (!ok) this.fail('invalid syntax for function call expression', token);
    };
    while (this.currentType() !== 'rparen') {
      if (requireComma) {
        this.expect('comma');
        if (this.currentType() === 'rparen') break;
      }
      if (this.currentType() === 'mul') {
        ensure(dynArgs === null && dynKwargs === null);
        this.next();
        dynArgs = this.parseExpression();
      } else if (this.currentType() === 'pow') {
        ensure(dynKwargs === null);
        this.next();
        dynKwargs = this.parseExpression();
      } else if (this.currentType() === 'name' && this.look().type === 'assign') {
        ensure(dynKwargs === null);
        const key = String(this.current.value);
        this.next();
        this.next();
        kwargs.push({ name: key, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expect('rparen');
    return { args, kwargs, dynArgs, dynKwargs };
  }

  /** A call is located at its callee's start, where a reader looks for the function's name. */
  private parseCall(node: A.Expr): A.Call {
    return { kind: 'Call', callee: node, ...this.parseCallArgs(), line: node.line, column: node.column };
  }

  private parseFilter(node: A.Expr | null, startInline = false): A.Expr | null {
    while (this.currentType() === 'pipe' || startInline) {
      if (!startInline) this.next();
      const token = this.expect('name');
      let name = String(token.value);
      while (this.currentType() === 'dot') {
        this.next();
        name += '.' + String(this.expect('name').value);
      }
      const args: A.CallArgs = this.currentType() === 'lparen' ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = { kind: 'Filter', value: node, name, ...args, ...this.pos(token) };
      startInline = false;
    }
    return node;
  }

  private parseTest(node: A.Expr): A.Expr {
    const token = this.next();
    const p = this.pos(token);
    const negated = this.skipIf('name:not');
    let name = String(this.expect('name').value);
    while (this.currentType() === 'dot') {
      this.next();
      name += '.' + String(this.expect('name').value);
    }
    let args: A.CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const t = this.current;
    if (t.type === 'lparen') {
      args = this.parseCallArgs();
    } else if (
      ['name', 'string', 'integer', 'float', 'lparen', 'lbracket', 'lbrace'].includes(t.type) &&
      !(t.type === 'name' && (t.value === 'else' || t.value === 'or' || t.value === 'and'))
    ) {
      if (this.test(t, 'name:is')) this.fail('You cannot chain multiple tests with is');
      const arg = this.parsePostfix(this.parsePrimary());
      args = { args: [arg], kwargs: [], dynArgs: null, dynKwargs: null };
    }
    const test: A.Expr = { kind: 'Test', value: node, name, ...args, ...p };
    return negated ? { kind: 'Unary', op: 'not', operand: test, ...p } : test;
  }
}
