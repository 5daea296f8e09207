/**
 * Enforced contracts (`contract: {enforced: true}`): the query's columns must match the declared names and
 * data types, checked while planning so a mismatch never touches the existing relation; the table is then
 * created from the declared columns and constraints and filled with `insert … select`.
 */
import type { ColumnInfo, GraphNode } from '../parse/manifest.js';
import { ContractMismatchError, MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import { declaredColumnName } from './persist-docs.js';
import type { ColumnState, RelationName } from './plan.js';
import { quoteIdent, renderRelation, userIdentifier } from './sql-names.js';
import { embeddedSelect } from './statement.js';

/** Whether the node's contract is enforced. */
export function isContractEnforced(node: GraphNode): boolean {
  const contract = node.config.contract;
  return typeof contract === 'object' && contract !== null && (contract as Record<string, unknown>).enforced === true;
}

/** Type names PostgreSQL accepts under several spellings, mapped to the one format_type() prints. */
const typeSynonyms: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  int2: 'smallint',
  smallserial: 'smallint',
  int8: 'bigint',
  bigserial: 'bigint',
  float: 'double precision',
  float8: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  bool: 'boolean',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
};

/**
 * A data type reduced to what a contract compares: lowercase, synonyms resolved, without length or
 * precision (the insert casts `varchar(20)` values into `varchar(10)` columns, or fails, row by row).
 */
export function comparableDataType(dataType: string): string {
  const arraySuffix = /\[\s*\d*\s*\]/.test(dataType) ? '[]' : '';
  const base = dataType
    .toLowerCase()
    .replace(/\[\s*\d*\s*\]/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${typeSynonyms[base] ?? base}${arraySuffix}`;
}

function contractHint(node: GraphNode): string {
  const declaredIn = node.patch_path ? ` in ${node.patch_path}` : '';
  return `change the query or the columns declared${declaredIn} so names and data types agree (sizes and precisions are not compared)`;
}

/** The declared columns of a contracted node; every one needs a data_type. */
function contractedColumns(node: GraphNode): ColumnInfo[] {
  const columns = Object.values(node.columns);
  if (columns.length === 0) {
    throw new ContractMismatchError(`${node.unique_id}: the contract is enforced but no columns are declared`, nodeErrorOptions(node, contractHint(node)));
  }
  const untyped = columns.filter((column) => !column.data_type || column.data_type.trim() === '');
  if (untyped.length > 0) {
    throw new ContractMismatchError(
      `${node.unique_id}: the contract is enforced but ${untyped.map((c) => c.name).join(', ')} ${untyped.length === 1 ? 'has' : 'have'} no data_type`,
      nodeErrorOptions(node, 'declare a data_type for every column of a model with an enforced contract'),
    );
  }
  return columns;
}

/** Throws ContractMismatchError listing every difference between declared columns and the query's. */
export function assertContractMatches(node: GraphNode, queryColumns: readonly ColumnState[]): void {
  const declared = contractedColumns(node);
  const problems: string[] = [];
  const returned = new Map(queryColumns.map((column) => [column.name, column]));
  const declaredNames = new Set<string>();
  for (const column of declared) {
    const name = declaredColumnName(column);
    declaredNames.add(name);
    const actual = returned.get(name);
    if (!actual) {
      problems.push(`${name}: declared as ${column.data_type}, not returned by the query`);
    } else if (comparableDataType(actual.data_type) !== comparableDataType(column.data_type!)) {
      problems.push(`${name}: declared as ${column.data_type}, the query returns ${actual.data_type}`);
    }
  }
  for (const column of queryColumns) {
    if (!declaredNames.has(column.name)) problems.push(`${column.name}: returned by the query (${column.data_type}), not declared`);
  }
  if (problems.length > 0) {
    throw new ContractMismatchError(
      `${node.unique_id}: the query does not match the enforced contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      nodeErrorOptions(node, contractHint(node)),
    );
  }
}

interface ConstraintSpec {
  readonly type: string;
  readonly name?: string;
  readonly expression?: string;
  readonly columns?: readonly string[];
  readonly to?: string;
  readonly toColumns?: readonly string[];
}

/** A pk/unique constraint's name is an index name, unique in the schema: the previous table holds it until the swap. */
export interface ConstraintRename {
  readonly from: string;
  readonly to: string;
}

const constraintTypes = ['not_null', 'unique', 'primary_key', 'foreign_key', 'check', 'custom'];

function readConstraint(node: GraphNode, raw: unknown, where: string): ConstraintSpec {
  const fail = (message: string): never => {
    throw new MaterializationConfigError(
      `${node.unique_id}: ${where} ${message}`,
      nodeErrorOptions(node, `constraint types are ${constraintTypes.join(', ')}; check and custom need an expression, foreign_key needs to/to_columns or an expression`),
    );
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`must be a mapping, got ${JSON.stringify(raw)}`);
  const entry = raw as Record<string, unknown>;
  const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : fail('needs a type');
  if (!constraintTypes.includes(type)) fail(`has unknown type ${JSON.stringify(entry.type)}`);
  const strings = (value: unknown, key: string): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return fail(`${key} must be a list of column names`);
  };
  const text = (value: unknown, key: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : fail(`${key} must be text`);
  };
  const spec: ConstraintSpec = {
    type,
    name: text(entry.name, 'name'),
    expression: text(entry.expression, 'expression'),
    columns: strings(entry.columns, 'columns'),
    to: text(entry.to, 'to'),
    toColumns: strings(entry.to_columns, 'to_columns'),
  };
  if ((type === 'check' || type === 'custom') && !spec.expression) fail(`(${type}) needs an expression`);
  if (type === 'foreign_key' && !spec.expression && !(spec.to && spec.toColumns)) fail('(foreign_key) needs to and to_columns, or an expression');
  return spec;
}

function columnList(names: readonly string[]): string {
  return names.map((name) => quoteIdent(userIdentifier(name) ?? name)).join(', ');
}

function referencesClause(spec: ConstraintSpec): string {
  return spec.to && spec.toColumns ? `references ${spec.to} (${columnList(spec.toColumns)})` : `references ${spec.expression}`;
}

/** The SQL of one constraint, column-level (`columns` undefined) or table-level. */
function renderConstraint(spec: ConstraintSpec, name: string | undefined, tableColumns?: readonly string[]): string {
  const prefix = name ? `constraint ${quoteIdent(name)} ` : '';
  const on = tableColumns ? ` (${columnList(tableColumns)})` : '';
  switch (spec.type) {
    case 'not_null':
      return tableColumns ? `${prefix}check (${tableColumns.map((c) => `${quoteIdent(userIdentifier(c) ?? c)} is not null`).join(' and ')})` : `${prefix}not null`;
    case 'unique':
      return `${prefix}unique${on}`;
    case 'primary_key':
      return `${prefix}primary key${on}`;
    case 'foreign_key':
      return tableColumns ? `${prefix}foreign key${on} ${referencesClause(spec)}` : `${prefix}${referencesClause(spec)}`;
    case 'check':
      return `${prefix}check (${spec.expression})`;
    default:
      return `${prefix}${spec.expression}`;
  }
}

export interface ContractTable {
  /** `create [unlogged] table … (columns and constraints)`, then the insert filling it. */
  readonly createSql: string;
  readonly insertSql: string;
  readonly constraintRenames: readonly ConstraintRename[];
}

export interface ContractTableOptions {
  readonly unlogged: boolean;
  /** When building under an intermediate name: suffix for user-named pk/unique constraints, renamed after the swap. */
  readonly buildTag?: string;
  /** `partition by range (…)`, for partitioned tables. */
  readonly partitionClause?: string;
}

/** The create-table and insert statements of a contracted table built at `on`. */
export function contractTable(node: GraphNode, on: RelationName, sql: string, options: ContractTableOptions): ContractTable {
  const renames: ConstraintRename[] = [];
  const nameFor = (spec: ConstraintSpec): string | undefined => {
    if (!spec.name || !options.buildTag || (spec.type !== 'primary_key' && spec.type !== 'unique')) return spec.name;
    const buildName = `${spec.name.slice(0, 40)}__${options.buildTag}`;
    renames.push({ from: buildName, to: spec.name });
    return buildName;
  };
  const columns = contractedColumns(node);
  const definitions = columns.map((column) => {
    const constraints = column.constraints.map((raw, i) => {
      const spec = readConstraint(node, raw, `columns.${column.name}.constraints[${i}]`);
      return renderConstraint(spec, nameFor(spec));
    });
    return [quoteIdent(declaredColumnName(column)), column.data_type!, ...constraints].join(' ');
  });
  const modelConstraints = (node as { constraints?: unknown }).constraints ?? node.config.constraints ?? [];
  if (!Array.isArray(modelConstraints)) {
    throw new MaterializationConfigError(`${node.unique_id}: constraints must be a list`, nodeErrorOptions(node, 'write model-level constraints as a list of {type, columns, ...}'));
  }
  modelConstraints.forEach((raw, i) => {
    const spec = readConstraint(node, raw, `constraints[${i}]`);
    if (spec.type !== 'check' && spec.type !== 'custom' && !spec.columns?.length) {
      throw new MaterializationConfigError(`${node.unique_id}: constraints[${i}] (${spec.type}) needs columns`, nodeErrorOptions(node, 'model-level constraints name the columns they apply to'));
    }
    definitions.push(renderConstraint(spec, nameFor(spec), spec.type === 'check' || spec.type === 'custom' ? undefined : spec.columns));
  });
  const names = columns.map((column) => quoteIdent(declaredColumnName(column)));
  return {
    createSql: `create ${options.unlogged ? 'unlogged ' : ''}table ${renderRelation(on)} (\n    ${definitions.join(',\n    ')}\n)${options.partitionClause ? ` ${options.partitionClause}` : ''}`,
    insertSql: `insert into ${renderRelation(on)} (${names.join(', ')})\nselect ${names.join(', ')}\nfrom ${embeddedSelect(sql)} as model_subq`,
    constraintRenames: renames,
  };
}
