import type { Alias, FuncCall, JoinExpr, Node, RangeFunction, RangeSubselect, RangeVar, SelectStmt, SubLink, WindowDef, WithClause } from 'libpg-query';
import { targetName } from './column-name.js';
import { LineageSet } from './lineage-set.js';
import {
  lookupColumn,
  opaqueShape,
  renameShape,
  upstreamShape,
  type ColumnLookup,
  type RelationShape,
  type ShapeColumn,
  type UpstreamRelation,
  type UpstreamResolver,
} from './relation-shape.js';

/** A column reference to a relation whose columns are all known and do not include it. */
export interface MissingColumnReference {
  readonly column: string;
  /** The relations it was looked up in (unique_ids of upstream nodes, `CTE x`, `subquery y`). */
  readonly relations: readonly string[];
  /** The upstream nodes among them. */
  readonly uniqueIds: readonly string[];
  /** Every column those relations do have, for "did you mean" hints. */
  readonly available: readonly string[];
  /** UTF-8 byte offset of the reference in the SQL (as the parse tree counts). */
  readonly byteOffset: number;
}

/** How inlined CTEs stand for nodes: dbt inlines ephemeral models as `__dbt__cte__<name>`. */
export type CteResolver = (cteName: string) => UpstreamRelation | undefined;

/** A FROM item as names in the query see it. */
interface FromEntry {
  /** The names a qualified reference may use: its alias, or its relation name in 1, 2 or 3 parts. */
  readonly names: readonly string[];
  readonly shape: RelationShape;
}

/** A FROM item: the relations it brings into scope, and the columns `*` lists for it. */
interface FromItem {
  readonly entries: readonly FromEntry[];
  readonly star: RelationShape;
}

/** Which clause an expression sits in: ORDER BY and GROUP BY may also name output columns. */
type Clause = 'value' | 'order' | 'group';

class Scope {
  readonly entries: FromEntry[] = [];
  readonly windows = new Map<string, WindowDef>();
  outputs: readonly ShapeColumn[] = [];
  constructor(readonly parent: Scope | undefined) {}
}

type Ctes = ReadonlyMap<string, RelationShape>;

const SET_OPERATION_NAMES: Record<string, string> = { SETOP_UNION: 'UNION', SETOP_INTERSECT: 'INTERSECT', SETOP_EXCEPT: 'EXCEPT' };

/**
 * Walks one statement's parse tree and computes, for each output column, the upstream columns
 * it derives from. One instance per statement; it also gathers the column references that
 * cannot exist.
 */
export class QueryLineageAnalyzer {
  private readonly missing = new Map<string, MissingColumnReference>();

  constructor(
    private readonly resolveUpstream: UpstreamResolver,
    private readonly resolveCte?: CteResolver,
  ) {}

  /** The references found so far to columns that do not exist. */
  missingColumns(): MissingColumnReference[] {
    return [...this.missing.values()].sort((a, b) => a.byteOffset - b.byteOffset);
  }

  /** The shape of a SELECT (with its WITH clause, set operations, VALUES). */
  select(stmt: SelectStmt, ctes: Ctes, outer: Scope | undefined): RelationShape {
    const visible = stmt.withClause ? this.withClause(stmt.withClause, ctes, outer) : ctes;
    if (stmt.op && stmt.op !== 'SETOP_NONE') return this.setOperation(stmt, visible, outer);
    if (stmt.valuesLists) return this.values(stmt.valuesLists, visible, outer);
    return this.simpleSelect(stmt, visible, outer);
  }

  private withClause(clause: WithClause, ctes: Ctes, outer: Scope | undefined): Ctes {
    const env = new Map(ctes);
    for (const item of clause.ctes ?? []) {
      if (!('CommonTableExpr' in item)) continue;
      const cte = item.CommonTableExpr;
      const name = cte.ctename ?? '';
      const label = `CTE ${name}`;
      const query = cte.ctequery;
      const columnNames = stringList(cte.aliascolnames);
      let shape: RelationShape;
      if (!query || !('SelectStmt' in query)) {
        shape = opaqueShape(label, `${label} is not a SELECT`);
      } else {
        const select = query.SelectStmt;
        if (clause.recursive && select.op && select.op !== 'SETOP_NONE' && select.larg) {
          // The recursive term reads the CTE itself: give it the shape of the non-recursive term first.
          env.set(name, renameShape(this.select(select.larg, env, outer), label, columnNames));
        }
        shape = renameShape(this.select(select, env, outer), label, columnNames);
      }
      env.set(name, this.asEphemeralNode(name, shape));
    }
    return env;
  }

  /** An inlined ephemeral model's CTE becomes that node, so lineage stops at it as at any model. */
  private asEphemeralNode(cteName: string, shape: RelationShape): RelationShape {
    const node = this.resolveCte?.(cteName);
    if (!node) return shape;
    const columns = shape.complete ? shape.columns.map((c) => c.name) : node.columns;
    return upstreamShape({ unique_id: node.unique_id, columns, columnsAreExact: shape.complete || node.columnsAreExact });
  }

  private setOperation(stmt: SelectStmt, ctes: Ctes, outer: Scope | undefined): RelationShape {
    const operation = SET_OPERATION_NAMES[stmt.op ?? ''] ?? 'set operation';
    const left = this.select(stmt.larg ?? {}, ctes, outer);
    const right = this.select(stmt.rarg ?? {}, ctes, outer);
    // EXCEPT returns rows of its left side only; the right side decides which.
    const rightRole = stmt.op === 'SETOP_EXCEPT' ? 'influences' : 'derives';
    const columns = left.columns.map((column, i) => {
      const lineage = new LineageSet().add(column.lineage);
      const other = right.columns[i];
      if (other) lineage.add(other.lineage, rightRole);
      if (!other || !right.complete) lineage.addUnresolved(`the columns of the right side of a ${operation} are not all known`);
      return { name: column.name, lineage };
    });
    const label = `${operation} query`;
    if (left.complete) return { label, columns, complete: true };
    const reason = `the columns of the left side of a ${operation} are not all known`;
    return { label, columns, complete: false, incompleteReason: reason, unlisted: () => ({ kind: 'unknown', reason }) };
  }

  private values(rows: readonly Node[], ctes: Ctes, outer: Scope | undefined): RelationShape {
    const scope = new Scope(outer);
    const columns: { name: string; lineage: LineageSet }[] = [];
    for (const row of rows) {
      const items = 'List' in row ? (row.List.items ?? []) : [];
      items.forEach((item, i) => {
        columns[i] ??= { name: `column${i + 1}`, lineage: new LineageSet() };
        this.collect(item, columns[i]!.lineage, 'derives', scope, ctes, 'value');
      });
    }
    return { label: 'VALUES list', columns, complete: true };
  }

  private simpleSelect(stmt: SelectStmt, ctes: Ctes, outer: Scope | undefined): RelationShape {
    const scope = new Scope(outer);
    const starShapes = (stmt.fromClause ?? []).map((item) => this.fromItem(item, scope, ctes).star);
    for (const item of stmt.windowClause ?? []) {
      if ('WindowDef' in item && item.WindowDef.name) scope.windows.set(item.WindowDef.name, item.WindowDef);
    }

    const columns: ShapeColumn[] = [];
    const starred: FromEntry[] = [];
    const incompleteReasons = new Set<string>();
    for (const item of stmt.targetList ?? []) {
      if (!('ResTarget' in item)) continue;
      const target = item.ResTarget;
      const star = starTarget(target.val);
      if (star) {
        const entries = star.qualifier === undefined ? scope.entries : scope.entries.filter((e) => e.names.includes(star.qualifier!));
        if (entries.length === 0) {
          incompleteReasons.add(star.qualifier === undefined ? 'select * without a FROM clause' : `${star.qualifier}.* names no relation of the FROM clause`);
          continue;
        }
        starred.push(...entries);
        const shapes = star.qualifier === undefined ? starShapes : entries.map((e) => e.shape);
        for (const shape of shapes) {
          columns.push(...shape.columns);
          if (!shape.complete) incompleteReasons.add(shape.incompleteReason ?? `the columns of ${shape.label} are not all known`);
        }
        continue;
      }
      columns.push({ name: targetName(target), lineage: this.expression(target.val, scope, ctes, 'value') });
    }
    scope.outputs = columns;

    // Filters and grouping decide rows, not values; walk them for their column checks and subqueries.
    const discard = new LineageSet();
    this.collect(stmt.whereClause, discard, 'influences', scope, ctes, 'value');
    this.collect(stmt.groupClause, discard, 'influences', scope, ctes, 'group');
    this.collect(stmt.havingClause, discard, 'influences', scope, ctes, 'value');
    this.collect(stmt.distinctClause, discard, 'influences', scope, ctes, 'order');
    this.collect(stmt.sortClause, discard, 'influences', scope, ctes, 'order');

    const label = 'query';
    if (incompleteReasons.size === 0) return { label, columns, complete: true };
    const reason = [...incompleteReasons].join('; ');
    return {
      label,
      columns,
      complete: false,
      incompleteReason: reason,
      // A name not listed can only have come through a `*`: look it up where the stars read from.
      unlisted: (name) => {
        const found = this.lookupAmong(name, starred);
        return found.kind === 'found' ? { kind: 'maybe', lineage: found.lineage } : found.kind === 'missing' ? { kind: 'unknown', reason } : found;
      },
    };
  }

  // ---- FROM ----

  /** Adds a FROM item's relations to the scope; returns them and what a `*` over the item lists. */
  private fromItem(item: Node, scope: Scope, ctes: Ctes): FromItem {
    if ('RangeVar' in item) return this.single(scope, this.rangeVarEntry(item.RangeVar, ctes));
    if ('RangeSubselect' in item) return this.single(scope, this.subselectEntry(item.RangeSubselect, scope, ctes));
    if ('RangeFunction' in item) return this.single(scope, this.functionEntry(item.RangeFunction, scope, ctes));
    if ('RangeTableSample' in item && item.RangeTableSample.relation) return this.fromItem(item.RangeTableSample.relation, scope, ctes);
    if ('JoinExpr' in item) {
      const join = item.JoinExpr;
      const left = join.larg ? this.fromItem(join.larg, scope, ctes) : undefined;
      const right = join.rarg ? this.fromItem(join.rarg, scope, ctes) : undefined;
      this.collect(join.quals, new LineageSet(), 'influences', scope, ctes, 'value');
      const entries = [...(left?.entries ?? []), ...(right?.entries ?? [])];
      const label = join.alias?.aliasname ? `join ${join.alias.aliasname}` : 'join';
      const star = left && right ? this.joinedShape(join, left, right, label) : (left ?? right)!.star;
      if (!join.alias?.aliasname) return { entries, star };
      const aliased = this.single(scope, { names: [join.alias.aliasname], shape: renameShape(star, label, stringList(join.alias.colnames)) });
      return { entries: [...entries, ...aliased.entries], star: aliased.star };
    }
    const kind = Object.keys(item)[0] ?? 'FROM item';
    return this.single(scope, { names: [], shape: opaqueShape(kind, `columns of a ${kind} are not traced`) });
  }

  private single(scope: Scope, entry: FromEntry): FromItem {
    this.addEntry(scope, entry);
    return { entries: [entry], star: entry.shape };
  }

  /**
   * The columns of a join as `*` lists them: with USING or NATURAL, the merged columns once and
   * first (their value comes from either side), then the other columns of each side.
   */
  private joinedShape(join: JoinExpr, left: FromItem, right: FromItem, label: string): RelationShape {
    const complete = left.star.complete && right.star.complete;
    const unlisted = (name: string) => this.lookupAmong(name, [...left.entries, ...right.entries]);
    const reasons = [left.star, right.star].filter((s) => !s.complete).map((s) => s.incompleteReason ?? `the columns of ${s.label} are not all known`);
    const incompleteReason = reasons.join('; ') || undefined;
    let merged = stringList(join.usingClause);
    if (join.isNatural) {
      if (!complete) {
        const reason = `the columns a NATURAL JOIN merges are unknown because ${incompleteReason}`;
        return { label, columns: [...left.star.columns, ...right.star.columns], complete: false, incompleteReason: reason, unlisted };
      }
      merged = left.star.columns.map((c) => c.name).filter((name) => right.star.columns.some((c) => c.name === name));
    }
    const mergedSet = new Set(merged);
    const columns: ShapeColumn[] = merged.map((name) => {
      const lineage = new LineageSet();
      for (const side of [left.star, right.star]) {
        const found = lookupColumn(side, name);
        if (found.kind === 'found' || found.kind === 'maybe') lineage.add(found.lineage);
      }
      return { name, lineage };
    });
    for (const side of [left.star, right.star]) columns.push(...side.columns.filter((c) => !mergedSet.has(c.name)));
    return { label, columns, complete, incompleteReason, unlisted };
  }

  private addEntry(scope: Scope, entry: FromEntry): FromEntry {
    scope.entries.push(entry);
    return entry;
  }

  private rangeVarEntry(relation: RangeVar, ctes: Ctes): FromEntry {
    const name = relation.relname ?? '';
    const written = [relation.catalogname, relation.schemaname, name].filter((p): p is string => p !== undefined).join('.');
    let shape: RelationShape;
    const cte = relation.schemaname === undefined ? ctes.get(name) : undefined;
    if (cte) {
      shape = cte;
    } else {
      const key = relation.schemaname === undefined ? name : `${relation.schemaname}.${name}`;
      const upstream = this.resolveUpstream(key);
      shape = upstream ? upstreamShape(upstream) : opaqueShape(written, `${written} is not a model, seed, snapshot or source of the project`);
    }
    return { names: aliasedNames(relation.alias, relationNames(relation)), shape: renameShape(shape, shape.label, stringList(relation.alias?.colnames)) };
  }

  private subselectEntry(subselect: RangeSubselect, scope: Scope, ctes: Ctes): FromEntry {
    const alias = subselect.alias?.aliasname;
    const label = alias === undefined ? 'subquery' : `subquery ${alias}`;
    const query = subselect.subquery;
    if (!query || !('SelectStmt' in query)) return { names: aliasedNames(subselect.alias, []), shape: opaqueShape(label, `${label} is not a SELECT`) };
    // Only a LATERAL subquery sees the FROM items before it.
    const shape = this.select(query.SelectStmt, ctes, subselect.lateral ? scope : scope.parent);
    return { names: aliasedNames(subselect.alias, []), shape: renameShape(shape, label, stringList(subselect.alias?.colnames)) };
  }

  /** A set-returning function: its columns derive from the function's arguments. */
  private functionEntry(range: RangeFunction, scope: Scope, ctes: Ctes): FromEntry {
    const lineage = new LineageSet();
    this.collect(range.functions, lineage, 'derives', scope, ctes, 'value');
    const declared = stringList(range.alias?.colnames);
    const definitionNames = (range.coldeflist ?? []).flatMap((c) => ('ColumnDef' in c && c.ColumnDef.colname ? [c.ColumnDef.colname] : []));
    const firstFunction = firstFunctionName(range.functions);
    const names = declared.length > 0 ? declared : definitionNames.length > 0 ? definitionNames : [range.alias?.aliasname ?? firstFunction ?? 'function'];
    if (range.ordinality) names.push('ordinality');
    const label = `function ${firstFunction ?? ''}`.trim();
    const complete = declared.length > 0 || definitionNames.length > 0;
    const shape: RelationShape = {
      label,
      columns: names.map((name) => ({ name, lineage: name === 'ordinality' && range.ordinality ? new LineageSet() : lineage })),
      complete,
      incompleteReason: `the columns of ${label} are not all known`,
      unlisted: () => ({ kind: 'maybe', lineage }),
    };
    return { names: range.alias?.aliasname ? [range.alias.aliasname] : firstFunction ? [firstFunction] : [], shape };
  }

  // ---- expressions ----

  /** The lineage of one value expression. */
  private expression(expr: Node | undefined, scope: Scope, ctes: Ctes, clause: Clause): LineageSet {
    const lineage = new LineageSet();
    this.collect(expr, lineage, 'derives', scope, ctes, clause);
    return lineage;
  }

  /** Adds every column an expression tree reads to `into`, in the given role. */
  private collect(node: unknown, into: LineageSet, role: 'derives' | 'influences', scope: Scope, ctes: Ctes, clause: Clause): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) this.collect(child, into, role, scope, ctes, clause);
      return;
    }
    const record = node as Record<string, unknown>;
    if ('ColumnRef' in record) {
      const ref = record.ColumnRef as { fields?: Node[]; location?: number };
      into.add(this.columnRef(ref.fields ?? [], ref.location ?? -1, scope, clause), role);
      return;
    }
    if ('FuncCall' in record) return this.functionCall(record.FuncCall as FuncCall, into, role, scope, ctes, clause);
    if ('SubLink' in record) return this.subLink(record.SubLink as SubLink, into, role, scope, ctes, clause);
    if ('SelectStmt' in record) {
      const shape = this.select(record.SelectStmt as SelectStmt, ctes, scope);
      into.add(shapeLineage(shape), role);
      return;
    }
    for (const value of Object.values(record)) this.collect(value, into, role, scope, ctes, clause);
  }

  /** Only a function's value arguments derive its value; window and aggregate ordering and filters influence it. */
  private functionCall(call: FuncCall, into: LineageSet, role: 'derives' | 'influences', scope: Scope, ctes: Ctes, clause: Clause): void {
    this.collect(call.args, into, role, scope, ctes, clause);
    this.collect(call.agg_order, into, 'influences', scope, ctes, clause);
    this.collect(call.agg_filter, into, 'influences', scope, ctes, clause);
    const over = call.over;
    if (!over) return;
    const named = over.name ?? over.refname;
    const base = named === undefined ? undefined : findWindow(scope, named);
    for (const window of [base, over]) {
      if (!window) continue;
      this.collect(window.partitionClause, into, 'influences', scope, ctes, clause);
      this.collect(window.orderClause, into, 'influences', scope, ctes, clause);
      this.collect([window.startOffset, window.endOffset], into, 'influences', scope, ctes, clause);
    }
  }

  private subLink(link: SubLink, into: LineageSet, role: 'derives' | 'influences', scope: Scope, ctes: Ctes, clause: Clause): void {
    this.collect(link.testexpr, into, role, scope, ctes, clause);
    const query = link.subselect;
    if (!query || !('SelectStmt' in query)) return;
    const lineage = shapeLineage(this.select(query.SelectStmt, ctes, scope));
    // EXISTS yields true or false from whether rows match, not from their values.
    into.add(lineage, link.subLinkType === 'EXISTS_SUBLINK' ? 'influences' : role);
  }

  // ---- column references ----

  private columnRef(fields: readonly Node[], location: number, scope: Scope, clause: Clause): LineageSet {
    const parts = fields.map((f) => ('String' in f ? (f.String.sval ?? '') : '*'));
    const column = parts[parts.length - 1]!;
    if (parts.length === 1) return column === '*' ? LineageSet.unresolved('a bare * outside the select list is not traced') : this.unqualified(column, location, scope, clause);
    const qualifier = parts.slice(0, -1).join('.');
    for (let level: Scope | undefined = scope; level; level = level.parent) {
      const entry = level.entries.find((e) => e.names.includes(qualifier));
      if (!entry) continue;
      if (column === '*') return shapeLineage(entry.shape);
      return this.fromLookup(lookupColumn(entry.shape, column), column, [entry], location);
    }
    // `a.b` with no relation `a` in reach is field `b` of a composite column `a`.
    if (parts.length === 2) return this.unqualified(parts[0]!, location, scope, clause);
    return LineageSet.unresolved(`${qualifier} is not in the FROM clause`);
  }

  private unqualified(name: string, location: number, scope: Scope, clause: Clause): LineageSet {
    if (clause === 'order') {
      const output = scope.outputs.find((c) => c.name === name);
      if (output) return new LineageSet().add(output.lineage);
    }
    const searched: FromEntry[] = [];
    for (let level: Scope | undefined = scope; level; level = level.parent) {
      searched.push(...level.entries);
      const lookup = this.lookupAmong(name, level.entries);
      if (lookup.kind === 'found') return new LineageSet().add(lookup.lineage);
      // A whole-row reference (`select to_json(t) from t`) reads every column of `t`; a column of
      // that name wins in PostgreSQL, but where columns are unknown the relation's name is the better bet.
      const row = level.entries.find((e) => e.names.includes(name));
      if (row) return shapeLineage(row.shape);
      if (lookup.kind === 'maybe') return new LineageSet().add(lookup.lineage);
      if (lookup.kind === 'unknown') return LineageSet.unresolved(lookup.reason);
      if (level === scope && clause === 'group') {
        const output = scope.outputs.find((c) => c.name === name);
        if (output) return new LineageSet().add(output.lineage);
      }
    }
    return this.fromLookup({ kind: 'missing' }, name, searched, location);
  }

  /**
   * One name looked up among several FROM items: found where some item has it (a USING column
   * is in both sides, so their lineage is merged), uncertain when items whose columns are not
   * all known could hold it, missing when every item is known not to.
   */
  private lookupAmong(name: string, entries: readonly FromEntry[]): ColumnLookup {
    const found: LineageSet[] = [];
    const uncertain: { entry: FromEntry; lookup: ColumnLookup }[] = [];
    for (const entry of entries) {
      const lookup = lookupColumn(entry.shape, name);
      if (lookup.kind === 'found') found.push(lookup.lineage);
      else if (lookup.kind !== 'missing') uncertain.push({ entry, lookup });
    }
    if (found.length > 0) return { kind: 'found', lineage: found.reduce((all, l) => all.add(l), new LineageSet()) };
    if (uncertain.length === 0) return { kind: 'missing' };
    if (uncertain.length === 1) return uncertain[0]!.lookup;
    const labels = uncertain.map((u) => u.entry.shape.label).join(', ');
    return { kind: 'unknown', reason: `column ${name} could come from any of ${labels}, whose columns are not all known` };
  }

  private fromLookup(lookup: ColumnLookup, column: string, entries: readonly FromEntry[], location: number): LineageSet {
    switch (lookup.kind) {
      case 'found':
      case 'maybe':
        return new LineageSet().add(lookup.lineage);
      case 'unknown':
        return LineageSet.unresolved(lookup.reason);
      case 'missing': {
        const relations = entries.map((e) => e.shape.label);
        this.missing.set(`${location}:${column}`, {
          column,
          relations,
          uniqueIds: entries.flatMap((e) => (e.shape.uniqueId ? [e.shape.uniqueId] : [])),
          available: [...new Set(entries.flatMap((e) => e.shape.columns.map((c) => c.name)))],
          byteOffset: location,
        });
        return LineageSet.unresolved(`column ${column} does not exist in ${relations.join(', ') || 'the FROM clause'}`);
      }
      default: {
        const unexpected: never = lookup;
        throw new Error(`unexpected lookup ${JSON.stringify(unexpected)}`);
      }
    }
  }
}

/** Every column of a shape (a scalar subquery, a whole-row reference, `t.*` inside an expression). */
function shapeLineage(shape: RelationShape): LineageSet {
  const lineage = new LineageSet();
  for (const column of shape.columns) lineage.add(column.lineage);
  if (!shape.complete) lineage.addUnresolved(shape.incompleteReason ?? `the columns of ${shape.label} are not all known`);
  return lineage;
}

function findWindow(scope: Scope, name: string): WindowDef | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const window = level.windows.get(name);
    if (window) return window;
  }
  return undefined;
}

/** `*` or `t.*` as a select-list entry. */
function starTarget(val: Node | undefined): { qualifier?: string } | undefined {
  if (!val || !('ColumnRef' in val)) return undefined;
  const fields = val.ColumnRef.fields ?? [];
  const last = fields[fields.length - 1];
  if (!last || !('A_Star' in last)) return undefined;
  const qualifier = fields.slice(0, -1).map((f) => ('String' in f ? f.String.sval : '')).join('.');
  return qualifier === '' ? {} : { qualifier };
}

function stringList(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((n) => ('String' in n && n.String.sval !== undefined ? [n.String.sval] : []));
}

function relationNames(relation: RangeVar): string[] {
  const name = relation.relname ?? '';
  const names = [name];
  if (relation.schemaname !== undefined) names.push(`${relation.schemaname}.${name}`);
  if (relation.catalogname !== undefined) names.push(`${relation.catalogname}.${relation.schemaname}.${name}`);
  return names;
}

function aliasedNames(alias: Alias | undefined, unaliased: string[]): string[] {
  return alias?.aliasname !== undefined ? [alias.aliasname] : unaliased;
}

function firstFunctionName(functions: readonly Node[] | undefined): string | undefined {
  const first = functions?.[0];
  const items = first && 'List' in first ? first.List.items : undefined;
  const call = items?.[0];
  if (!call || !('FuncCall' in call)) return undefined;
  const names = call.FuncCall.funcname ?? [];
  const last = names[names.length - 1];
  return last && 'String' in last ? last.String.sval : undefined;
}
