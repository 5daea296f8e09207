/** The syntax tree of a Jinja template: a discriminated union on `kind`, every node with a 1-based line and column. */

export interface Pos {
  readonly line: number;
  readonly column: number;
}

// ---- expressions ----

export interface Name extends Pos { readonly kind: 'Name'; readonly name: string }
export interface Const extends Pos { readonly kind: 'Const'; readonly value: string | number | boolean | null; readonly float?: boolean }
export interface ListExpr extends Pos { readonly kind: 'List'; readonly items: readonly Expr[] }
export interface TupleExpr extends Pos { readonly kind: 'Tuple'; readonly items: readonly Expr[] }
export interface DictExpr extends Pos { readonly kind: 'Dict'; readonly items: readonly (readonly [Expr, Expr])[] }
export interface GetAttr extends Pos { readonly kind: 'GetAttr'; readonly object: Expr; readonly attr: string }
export interface GetItem extends Pos { readonly kind: 'GetItem'; readonly object: Expr; readonly key: Expr }
export interface SliceExpr extends Pos {
  readonly kind: 'Slice';
  readonly start: Expr | null;
  readonly stop: Expr | null;
  readonly step: Expr | null;
}
export interface Keyword { readonly name: string; readonly value: Expr }
export interface CallArgs {
  readonly args: readonly Expr[];
  readonly kwargs: readonly Keyword[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}
export interface Call extends Pos, CallArgs { readonly kind: 'Call'; readonly callee: Expr }
/** `value|name(args)`; value is null inside `{% filter %}` and `{% set x | f %}` blocks. */
export interface FilterExpr extends Pos, CallArgs { readonly kind: 'Filter'; readonly value: Expr | null; readonly name: string }
export interface TestExpr extends Pos, CallArgs { readonly kind: 'Test'; readonly value: Expr; readonly name: string }
export interface CondExpr extends Pos {
  readonly kind: 'CondExpr';
  readonly test: Expr;
  readonly then: Expr;
  readonly otherwise: Expr | null;
}
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'floordiv' | 'mod' | 'pow' | 'concat' | 'and' | 'or';
export interface BinOp extends Pos { readonly kind: 'BinOp'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
export type UnaryOp = 'not' | 'neg' | 'pos';
export interface UnaryExpr extends Pos { readonly kind: 'Unary'; readonly op: UnaryOp; readonly operand: Expr }
export type CompareOp = 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq' | 'in' | 'notin';
export interface Operand extends Pos { readonly op: CompareOp; readonly expr: Expr }
export interface Compare extends Pos { readonly kind: 'Compare'; readonly expr: Expr; readonly ops: readonly Operand[] }

export type Expr =
  | Name
  | Const
  | ListExpr
  | TupleExpr
  | DictExpr
  | GetAttr
  | GetItem
  | SliceExpr
  | Call
  | FilterExpr
  | TestExpr
  | CondExpr
  | BinOp
  | UnaryExpr
  | Compare;

/** What `for`, `set` and `with` assign to: a name, a (nested) tuple of names, or `ns.attr`. */
export type Target =
  | (Pos & { readonly kind: 'Name'; readonly name: string })
  | (Pos & { readonly kind: 'Tuple'; readonly items: readonly Target[] })
  | (Pos & { readonly kind: 'NSRef'; readonly name: string; readonly attr: string });

// ---- statements ----

export interface Output extends Pos { readonly kind: 'Output'; readonly nodes: readonly (TemplateData | Expr)[] }
export interface TemplateData extends Pos { readonly kind: 'TemplateData'; readonly text: string }
export interface If extends Pos {
  readonly kind: 'If';
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly elifs: readonly { readonly test: Expr; readonly body: readonly Stmt[] }[];
  readonly otherwise: readonly Stmt[];
}
export interface For extends Pos {
  readonly kind: 'For';
  readonly target: Target;
  readonly iter: Expr;
  readonly body: readonly Stmt[];
  readonly otherwise: readonly Stmt[];
  readonly filter: Expr | null;
  readonly recursive: boolean;
}
export interface Assign extends Pos { readonly kind: 'Assign'; readonly target: Target; readonly value: Expr }
export interface AssignBlock extends Pos {
  readonly kind: 'AssignBlock';
  readonly target: Target;
  readonly filter: FilterExpr | null;
  readonly body: readonly Stmt[];
}
export interface Param extends Pos { readonly name: string; readonly default: Expr | null }
/** `kind` of definition: plain macros and dbt's block tags, which all compile to macros. */
export type DefinitionKind = 'macro' | 'test' | 'materialization' | 'snapshot' | 'docs';
export interface Macro extends Pos {
  readonly kind: 'Macro';
  readonly definition: DefinitionKind;
  /** Name as written in the tag. */
  readonly name: string;
  /** Name the macro is bound to (`test_<name>`, `materialization_<name>_<adapter>`, `docs_<name>`). */
  readonly boundName: string;
  readonly adapter?: string;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
}
export interface CallBlock extends Pos {
  readonly kind: 'CallBlock';
  readonly call: Call;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
}
export interface FilterBlock extends Pos { readonly kind: 'FilterBlock'; readonly filter: FilterExpr; readonly body: readonly Stmt[] }
export interface With extends Pos {
  readonly kind: 'With';
  readonly targets: readonly Target[];
  readonly values: readonly Expr[];
  readonly body: readonly Stmt[];
}
export interface Do extends Pos { readonly kind: 'Do'; readonly expr: Expr }
export interface LoopControl extends Pos { readonly kind: 'Break' | 'Continue' }
export interface Include extends Pos {
  readonly kind: 'Include';
  readonly template: Expr;
  readonly ignoreMissing: boolean;
  readonly withContext: boolean;
}
export interface Import extends Pos { readonly kind: 'Import'; readonly template: Expr; readonly target: string; readonly withContext: boolean }
export interface FromImport extends Pos {
  readonly kind: 'FromImport';
  readonly template: Expr;
  readonly names: readonly { readonly name: string; readonly alias: string; readonly line: number; readonly column: number }[];
  readonly withContext: boolean;
}

export type Stmt =
  | Output
  | If
  | For
  | Assign
  | AssignBlock
  | Macro
  | CallBlock
  | FilterBlock
  | With
  | Do
  | LoopControl
  | Include
  | Import
  | FromImport;

export interface TemplateNode {
  readonly body: readonly Stmt[];
}
