/**
 * Compiles a template's syntax tree to the JavaScript source of a set of async functions (one per template,
 * macro body, call-block body and recursive loop), in the manner of Jinja2's own code generator.
 *
 * Every generated function has the signature `($st, $s, ...)`: `$st` is the render state (context, globals,
 * filters, tests), `$s` the current scope, an object whose prototype chain is the chain of enclosing scopes.
 * Because bodies only reach outer values through `$s`, every function is hoisted to the top of the module.
 *
 * Values are awaited only when they are thenable. `$p` holds the index of the position of the operation
 * about to run, so a failure can be reported at its line and column.
 */
import { TemplateSyntaxError } from '../errors.js';
import type * as A from '../syntax/ast.js';

/** Static description of a macro (or dbt block, or call-block `caller`) that the runtime binds to a scope. */
export interface MacroMeta {
  /** The name it is bound to (`test_<name>` for a test block, ...). */
  readonly name: string;
  /** The name as written in the tag. */
  readonly sourceName: string;
  readonly definition: A.DefinitionKind | 'caller';
  readonly params: readonly string[];
  readonly catchKwargs: boolean;
  readonly catchVarargs: boolean;
  readonly caller: boolean;
  readonly line: number;
  readonly column: number;
  readonly adapter?: string;
  /** Index of the generated body function. */
  readonly body: number;
}

/** The result of compiling one template. */
export interface CompiledModule {
  /** JavaScript source of a function `($rt, $tpl) => { root, fns }`. */
  readonly code: string;
  readonly positions: readonly (readonly [number, number])[];
  readonly constants: readonly unknown[];
  readonly macros: readonly MacroMeta[];
  /** Indexes into `macros` of the template's top-level definitions. */
  readonly topLevel: readonly number[];
  /** Filters and tests that must exist at compile time (used outside `if` conditions), with their positions. */
  readonly requiredFilters: readonly { name: string; line: number; column: number }[];
  readonly requiredTests: readonly { name: string; line: number; column: number }[];
}

class FunctionBuilder {
  private temps = 0;
  private scopes = 0;
  inLoop = false;
  soft = false;
  /** `macroName`: the macro whose body this function belongs to; `boundary`: this is that macro's own body. */
  constructor(
    readonly macroName: string | null,
    readonly boundary = false,
  ) {}
  temp(): string {
    return `$t${this.temps++}`;
  }
  scope(): string {
    return `$s${++this.scopes}`;
  }
  declarations(): string {
    const names: string[] = ['$p = 0'];
    for (let i = 0; i < this.temps; i++) names.push(`$t${i}`);
    return `let ${names.join(', ')};`;
  }
}

const q = (s: string): string => JSON.stringify(s);

const BINOPS: Record<string, string> = {
  add: 'add',
  sub: 'sub',
  mul: 'mul',
  div: 'truediv',
  floordiv: 'floordiv',
  mod: 'mod',
  pow: 'pow',
  concat: 'concat',
};

const COMPARE_JS: Record<A.CompareOp, (a: string, b: string) => string> = {
  eq: (a, b) => `$rt.eq(${a}, ${b})`,
  ne: (a, b) => `!$rt.eq(${a}, ${b})`,
  lt: (a, b) => `$rt.compare('<', ${a}, ${b})`,
  lteq: (a, b) => `$rt.compare('<=', ${a}, ${b})`,
  gt: (a, b) => `$rt.compare('>', ${a}, ${b})`,
  gteq: (a, b) => `$rt.compare('>=', ${a}, ${b})`,
  in: (a, b) => `$rt.contains(${b}, ${a})`,
  notin: (a, b) => `!$rt.contains(${b}, ${a})`,
};

/** Compiles a parsed template; `source` and `file` only serve error messages. */
export function compileTemplate(tree: A.TemplateNode, file: string, source: string): CompiledModule {
  return new CodeGenerator(file, source).run(tree);
}

class CodeGenerator {
  private readonly functions: string[] = [];
  private readonly positions: [number, number][] = [];
  private readonly positionIndex = new Map<string, number>();
  private readonly constants: unknown[] = [];
  private readonly macros: MacroMeta[] = [];
  private readonly topLevel: number[] = [];
  private readonly requiredFilters: { name: string; line: number; column: number }[] = [];
  private readonly requiredTests: { name: string; line: number; column: number }[] = [];

  constructor(
    private readonly file: string,
    private readonly source: string,
  ) {}

  run(tree: A.TemplateNode): CompiledModule {
    const rootIndex = this.functions.length;
    this.functions.push('');
    const fb = new FunctionBuilder(null);
    const body = this.stmts(tree.body, fb, '$s', '$o', true);
    this.functions[rootIndex] = this.wrapFunction(`$f${rootIndex}`, fb, '$st, $s', body);
    const code =
      '"use strict";\nconst $k = $tpl.constants;\n' +
      this.functions.join('\n') +
      `\nreturn [${this.functions.map((_, i) => `$f${i}`).join(', ')}];`;
    return {
      code,
      positions: this.positions,
      constants: this.constants,
      macros: this.macros,
      topLevel: this.topLevel,
      requiredFilters: this.requiredFilters,
      requiredTests: this.requiredTests,
    };
  }

  private wrapFunction(name: string, fb: FunctionBuilder, params: string, body: string, prologue = ''): string {
    const macro = fb.macroName === null ? 'null' : q(fb.macroName);
    return (
      `async function ${name}(${params}) {\n${fb.declarations()}\nlet $o = '';\ntry {\n${prologue}${body}\n} catch ($e) {\n` +
      `throw $rt.locate($e, $tpl, $p, ${macro}, ${fb.boundary});\n}\nreturn $o;\n}`
    );
  }

  private pos(node: A.Pos): number {
    const key = `${node.line}:${node.column}`;
    let index = this.positionIndex.get(key);
    if (index === undefined) {
      index = this.positions.length;
      this.positions.push([node.line, node.column]);
      this.positionIndex.set(key, index);
    }
    return index;
  }

  private fail(message: string, node: A.Pos): never {
    throw new TemplateSyntaxError(message, this.file, node.line, node.column, this.source);
  }

  // ---- statements ----

  private stmts(nodes: readonly A.Stmt[], fb: FunctionBuilder, s: string, o: string, topLevel = false): string {
    return nodes.map((n) => this.stmt(n, fb, s, o, topLevel)).join('\n');
  }

  private stmt(node: A.Stmt, fb: FunctionBuilder, s: string, o: string, topLevel: boolean): string {
    switch (node.kind) {
      case 'Output':
        return node.nodes
          .map((n) => (n.kind === 'TemplateData' ? `${o} += ${this.constant(n.text)};` : `${o} += $rt.str(${this.expr(n, fb, s)});`))
          .join('\n');
      case 'If':
        return this.ifStmt(node, fb, s, o);
      case 'For':
        return this.forStmt(node, fb, s, o);
      case 'Assign':
        return this.assign(node.target, this.expr(node.value, fb, s), fb, s) + ';';
      case 'AssignBlock': {
        const inner = fb.scope();
        const buf = `$o${inner.slice(2)}`;
        const soft = fb.soft;
        fb.soft = false;
        const body = this.stmts(node.body, fb, inner, buf);
        let value = buf;
        if (node.filter) value = this.filterCall(node.filter, buf, fb, s);
        fb.soft = soft;
        return `{ const ${inner} = Object.create(${s}); let ${buf} = '';\n${body}\n${this.assign(node.target, value, fb, s)}; }`;
      }
      case 'Macro': {
        const index = this.macro(node);
        if (topLevel) this.topLevel.push(index);
        return `${s}[${q(node.boundName)}] = $rt.macro($st, $tpl, ${index}, ${s});`;
      }
      case 'CallBlock':
        return `${o} += $rt.str(${this.callBlock(node, fb, s)});`;
      case 'FilterBlock': {
        const inner = fb.scope();
        const buf = `$o${inner.slice(2)}`;
        const soft = fb.soft;
        fb.soft = false;
        const body = this.stmts(node.body, fb, inner, buf);
        const value = this.filterCall(node.filter, buf, fb, inner);
        fb.soft = soft;
        return `{ const ${inner} = Object.create(${s}); let ${buf} = '';\n${body}\n${o} += $rt.str(${value}); }`;
      }
      case 'With': {
        const inner = fb.scope();
        const values = node.values.map((v) => this.expr(v, fb, s));
        const soft = fb.soft;
        fb.soft = false;
        const assigns = node.targets.map((t, i) => this.assign(t, values[i]!, fb, inner) + ';').join('\n');
        const body = this.stmts(node.body, fb, inner, o);
        fb.soft = soft;
        return `{ const ${inner} = Object.create(${s});\n${assigns}\n${body} }`;
      }
      case 'Do':
        return `${this.expr(node.expr, fb, s)};`;
      case 'Break':
      case 'Continue':
        if (!fb.inLoop) return `throw $rt.error(${q(`'${node.kind.toLowerCase()}' outside of a loop`)}, 'TemplateSyntaxError');`;
        return node.kind === 'Break' ? 'break;' : 'continue;';
      case 'Include': {
        const name = this.expr(node.template, fb, s);
        return `${o} += ${this.awaited(`($p = ${this.pos(node)}, $rt.include($st, ${name}, ${node.ignoreMissing}, ${node.withContext ? s : 'null'}))`, fb)};`;
      }
      case 'Import': {
        const name = this.expr(node.template, fb, s);
        return `${s}[${q(node.target)}] = ${this.awaited(`($p = ${this.pos(node)}, $rt.importModule($st, ${name}, ${node.withContext ? s : 'null'}))`, fb)};`;
      }
      case 'FromImport': {
        const t = fb.temp();
        const name = this.expr(node.template, fb, s);
        const lines = [`${t} = ${this.awaited(`($p = ${this.pos(node)}, $rt.importModule($st, ${name}, ${node.withContext ? s : 'null'}))`, fb)};`];
        for (const n of node.names) {
          lines.push(`${s}[${q(n.alias)}] = $rt.importedName(${t}, ${q(n.name)}, ${this.constant(node.line)});`);
        }
        return lines.join('\n');
      }
    }
  }

  private ifStmt(node: A.If, fb: FunctionBuilder, s: string, o: string): string {
    const soft = fb.soft;
    fb.soft = true;
    let code = `if ($rt.truthy(${this.expr(node.test, fb, s)})) {\n${this.stmts(node.body, fb, s, o)}\n}`;
    for (const elif of node.elifs) {
      code += ` else if ($rt.truthy(${this.expr(elif.test, fb, s)})) {\n${this.stmts(elif.body, fb, s, o)}\n}`;
    }
    if (node.otherwise.length) code += ` else {\n${this.stmts(node.otherwise, fb, s, o)}\n}`;
    fb.soft = soft;
    return code;
  }

  /** A for loop: inline, or (recursive) a function of its iterable and depth that `loop(...)` calls again. */
  private forStmt(node: A.For, fb: FunctionBuilder, s: string, o: string): string {
    const iter = this.expr(node.iter, fb, s);
    if (!node.recursive) {
      const { code, ran } = this.loopBody(node, fb, s, o, iter, '1', 'null');
      if (!node.otherwise.length) return code;
      return `${code}\nif (!${ran}) {\n${this.stmts(node.otherwise, fb, s, o)}\n}`;
    }
    const index = this.functions.length;
    this.functions.push('');
    const inner = new FunctionBuilder(fb.macroName);
    const recurse = `($x) => $f${index}($st, $s, $x, $depth + 1)`;
    const { code, ran } = this.loopBody(node, inner, '$s', '$o', '$iter', '$depth', recurse);
    let body = code;
    if (node.otherwise.length) body += `\nif (!${ran}) {\n${this.stmts(node.otherwise, inner, '$s', '$o')}\n}`;
    this.functions[index] = this.wrapFunction(`$f${index}`, inner, '$st, $s, $iter, $depth', body);
    return `${o} += ${this.awaited(`$f${index}($st, ${s}, ${iter}, 1)`, fb)};`;
  }

  /**
   * Statements running the loop over `iter`; `ran` names the variable telling whether an iteration's body
   * ran to its end (as in Jinja2, `break` and `continue` skip that, so `else` can run after them).
   */
  private loopBody(
    node: A.For,
    fb: FunctionBuilder,
    s: string,
    o: string,
    iter: string,
    depth: string,
    recurse: string,
  ): { code: string; ran: string } {
    const items = fb.temp();
    const loop = fb.temp();
    const i = fb.temp();
    const ran = fb.temp();
    const inner = fb.scope();
    const soft = fb.soft;
    const inLoop = fb.inLoop;
    fb.soft = false;
    let filterCode = '';
    if (node.filter) {
      const probe = fb.scope();
      const x = fb.temp();
      const kept = fb.temp();
      filterCode =
        `${kept} = [];\nfor (${x} of ${items}) { const ${probe} = Object.create(${s}); ${this.assign(node.target, x, fb, probe)};\n` +
        `if ($rt.truthy(${this.expr(node.filter, fb, probe)})) ${kept}.push(${x}); }\n${items} = ${kept};\n`;
    }
    fb.inLoop = true;
    const body = this.stmts(node.body, fb, inner, o);
    fb.inLoop = inLoop;
    fb.soft = soft;
    const code =
      `${items} = ${iter}; $p = ${this.pos(node.iter)}; ${items} = $rt.loopItems(${items});\n${filterCode}` +
      `${loop} = new $rt.Loop(${items}, ${depth}, ${recurse});\n${ran} = false;\n` +
      `for (${i} = 0; ${i} < ${items}.length; ${i}++) {\n${loop}.index0 = ${i};\nconst ${inner} = Object.create(${s});\n` +
      `${inner}.loop = ${loop};\n${this.assign(node.target, `${items}[${i}]`, fb, inner)};\n${body}\n${ran} = true;\n}`;
    return { code, ran };
  }

  private assign(target: A.Target, value: string, fb: FunctionBuilder, s: string): string {
    switch (target.kind) {
      case 'Name':
        return `${s}[${q(target.name)}] = ${value}`;
      case 'NSRef':
        return `($p = ${this.pos(target)}, $rt.setNamespaceAttr($rt.lookup(${s}, $st, ${q(target.name)}), ${q(target.attr)}, ${value}))`;
      case 'Tuple': {
        const t = fb.temp();
        const parts = target.items.map((item, i) => this.assign(item, `${t}[${i}]`, fb, s));
        return `(${t} = ($p = ${this.pos(target)}, $rt.unpack(${value}, ${target.items.length})), ${parts.join(', ')})`;
      }
    }
  }

  private macro(node: A.Macro): number {
    const names = new Set(node.params.map((p) => p.name));
    const used = undeclaredSpecialNames(node.body);
    const meta: Omit<MacroMeta, 'body'> = {
      name: node.boundName,
      sourceName: node.name,
      definition: node.definition,
      params: node.params.map((p) => p.name),
      catchKwargs: used.has('kwargs') && !names.has('kwargs'),
      catchVarargs: used.has('varargs') && !names.has('varargs'),
      caller: used.has('caller') && !names.has('caller'),
      line: node.line,
      column: node.column,
      adapter: node.adapter,
    };
    return this.macroFunction(meta, node.params, node.body, node.boundName);
  }

  private macroFunction(meta: Omit<MacroMeta, 'body'>, params: readonly A.Param[], body: readonly A.Stmt[], name: string): number {
    const index = this.functions.length;
    this.functions.push('');
    const macroIndex = this.macros.length;
    this.macros.push({ ...meta, body: index });
    const fb = new FunctionBuilder(name, true);
    let prologue = '';
    for (const p of params) {
      const value = p.default
        ? this.expr(p.default, fb, '$s')
        : `new $rt.Undefined(${q(p.name)}, ${q(`parameter '${p.name}' was not provided`)})`;
      prologue += `if (!Object.prototype.hasOwnProperty.call($s, ${q(p.name)})) $s[${q(p.name)}] = ${value};\n`;
    }
    const code = this.stmts(body, fb, '$s', '$o');
    this.functions[index] = this.wrapFunction(`$f${index}`, fb, '$st, $s', code, prologue);
    return macroIndex;
  }

  private callBlock(node: A.CallBlock, fb: FunctionBuilder, s: string): string {
    const names = new Set(node.params.map((p) => p.name));
    const used = undeclaredSpecialNames(node.body);
    const meta = {
      name: 'caller',
      sourceName: 'caller',
      definition: 'caller' as const,
      params: node.params.map((p) => p.name),
      catchKwargs: used.has('kwargs') && !names.has('kwargs'),
      catchVarargs: used.has('varargs') && !names.has('varargs'),
      caller: used.has('caller') && !names.has('caller'),
      line: node.line,
      column: node.column,
    };
    const index = this.macroFunction(meta, node.params, node.body, 'caller');
    const caller = `$rt.macro($st, $tpl, ${index}, ${s})`;
    return this.call(node.call, fb, s, caller);
  }

  // ---- expressions ----

  /** `value` awaited only if it is thenable. */
  private awaited(value: string, fb: FunctionBuilder): string {
    const t = fb.temp();
    return `(typeof (${t} = ${value})?.then === 'function' ? await ${t} : ${t})`;
  }

  /** Literal strings live in a table rather than in the code, so templates of the same shape share compiled code. */
  private constant(value: unknown): string {
    this.constants.push(value);
    return `$k[${this.constants.length - 1}]`;
  }

  expr(node: A.Expr, fb: FunctionBuilder, s: string): string {
    switch (node.kind) {
      case 'Name':
        return `$rt.lookup(${s}, $st, ${q(node.name)})`;
      case 'Const':
        if (node.float) return `new $rt.PyFloat(${String(node.value)})`;
        if (typeof node.value === 'string') return this.constant(node.value);
        return String(node.value);
      case 'List':
        return `[${node.items.map((i) => this.expr(i, fb, s)).join(', ')}]`;
      case 'Tuple':
        return `$rt.makeTuple([${node.items.map((i) => this.expr(i, fb, s)).join(', ')}])`;
      case 'Dict':
        return `$rt.makeDict([${node.items.map(([k, v]) => `[${this.expr(k, fb, s)}, ${this.expr(v, fb, s)}]`).join(', ')}])`;
      case 'GetAttr': {
        const t = fb.temp();
        return `(${t} = ${this.expr(node.object, fb, s)}, $p = ${this.pos(node)}, $rt.getAttr(${t}, ${q(node.attr)}))`;
      }
      case 'GetItem': {
        const t = fb.temp();
        const obj = this.expr(node.object, fb, s);
        if (node.key.kind === 'Slice') {
          const k = node.key;
          const part = (e: A.Expr | null): string => (e ? this.expr(e, fb, s) : 'null');
          const a = fb.temp();
          const b = fb.temp();
          const c = fb.temp();
          return `(${t} = ${obj}, ${a} = ${part(k.start)}, ${b} = ${part(k.stop)}, ${c} = ${part(k.step)}, $p = ${this.pos(node)}, $rt.slice(${t}, ${a}, ${b}, ${c}))`;
        }
        const k = fb.temp();
        return `(${t} = ${obj}, ${k} = ${this.expr(node.key, fb, s)}, $p = ${this.pos(node)}, $rt.getItem(${t}, ${k}))`;
      }
      case 'Slice':
        this.fail('slices are only supported in subscripts', node);
        break;
      case 'Call':
        return this.call(node, fb, s, null);
      case 'Filter':
        return this.filterCall(node, "''", fb, s);
      case 'Test': {
        if (!fb.soft) this.requiredTests.push({ name: node.name, line: node.line, column: node.column });
        const t = fb.temp();
        const [args, kwargs] = this.args(node, fb, s);
        return `(${t} = ${this.expr(node.value, fb, s)}, ${this.awaited(`$rt.test($st, ${q(node.name)}, ${t}, ${args}, ${kwargs}, $p = ${this.pos(node)})`, fb)})`;
      }
      case 'CondExpr': {
        const soft = fb.soft;
        fb.soft = true;
        const test = this.expr(node.test, fb, s);
        const then = this.expr(node.then, fb, s);
        const otherwise = node.otherwise
          ? this.expr(node.otherwise, fb, s)
          : `new $rt.Undefined('', ${this.constant(`the inline if-expression on line ${node.line} evaluated to false and no else section was defined.`)})`;
        fb.soft = soft;
        return `($rt.truthy(${test}) ? ${then} : ${otherwise})`;
      }
      case 'BinOp': {
        const t = fb.temp();
        const left = this.expr(node.left, fb, s);
        const right = this.expr(node.right, fb, s);
        if (node.op === 'and') return `($rt.truthy(${t} = ${left}) ? ${right} : ${t})`;
        if (node.op === 'or') return `($rt.truthy(${t} = ${left}) ? ${t} : ${right})`;
        const u = fb.temp();
        return `(${t} = ${left}, ${u} = ${right}, $p = ${this.pos(node)}, $rt.${BINOPS[node.op]}(${t}, ${u}))`;
      }
      case 'Unary': {
        const operand = this.expr(node.operand, fb, s);
        if (node.op === 'not') return `!$rt.truthy(${operand})`;
        const t = fb.temp();
        return `(${t} = ${operand}, $p = ${this.pos(node)}, $rt.${node.op}(${t}))`;
      }
      case 'Compare': {
        let prev = fb.temp();
        const parts: string[] = [];
        let code = `(${prev} = ${this.expr(node.expr, fb, s)}, `;
        for (const op of node.ops) {
          const next = fb.temp();
          parts.push(`(${next} = ${this.expr(op.expr, fb, s)}, $p = ${this.pos(op)}, ${COMPARE_JS[op.op](prev, next)})`);
          prev = next;
        }
        code += parts.join(' && ') + ')';
        return code;
      }
    }
  }

  /** `[positional]` and `{keyword}` (or the runtime's empty kwargs) of a call, filter or test. */
  private args(node: A.CallArgs, fb: FunctionBuilder, s: string, extraKwargs: string | null = null): [string, string] {
    let args = `[${node.args.map((a) => this.expr(a, fb, s)).join(', ')}]`;
    if (node.dynArgs) args = `$rt.spreadArgs(${args}, ${this.expr(node.dynArgs, fb, s)})`;
    const entries = node.kwargs.map((k) => `${q(k.name)}: ${this.expr(k.value, fb, s)}`);
    if (extraKwargs) entries.push(`caller: ${extraKwargs}`);
    let kwargs = entries.length ? `{${entries.join(', ')}}` : 'null';
    if (node.dynKwargs) kwargs = `$rt.mergeKwargs(${kwargs}, ${this.expr(node.dynKwargs, fb, s)})`;
    return [args, kwargs];
  }

  private call(node: A.Call, fb: FunctionBuilder, s: string, caller: string | null): string {
    const f = fb.temp();
    const a = fb.temp();
    const k = fb.temp();
    const callee = this.expr(node.callee, fb, s);
    const [args, kwargs] = this.args(node, fb, s, caller);
    return `(${f} = ${callee}, ${a} = ${args}, ${k} = ${kwargs}, $p = ${this.pos(node)}, ${this.awaited(`$rt.call(${f}, ${a}, ${k})`, fb)})`;
  }

  /** `node` applied to its value, or to `base` where the chain starts without one (filter blocks, `set` blocks). */
  private filterCall(node: A.FilterExpr, base: string, fb: FunctionBuilder, s: string): string {
    if (!fb.soft) this.requiredFilters.push({ name: node.name, line: node.line, column: node.column });
    let value = base;
    if (node.value) value = node.value.kind === 'Filter' ? this.filterCall(node.value, base, fb, s) : this.expr(node.value, fb, s);
    const t = fb.temp();
    const [args, kwargs] = this.args(node, fb, s);
    return `(${t} = ${value}, ${this.awaited(`$rt.filter($st, ${q(node.name)}, ${t}, ${args}, ${kwargs}, $p = ${this.pos(node)})`, fb)})`;
  }
}

/** Which of `caller`, `kwargs`, `varargs` a macro body reads without assigning them (Jinja2's find_undeclared). */
function undeclaredSpecialNames(body: readonly A.Stmt[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as { kind?: string; name?: string };
    if (n.kind === 'Name' && (n.name === 'caller' || n.name === 'kwargs' || n.name === 'varargs')) found.add(n.name);
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(body);
  return found;
}
