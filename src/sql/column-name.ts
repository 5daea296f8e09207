import type { Node, SelectStmt } from 'libpg-query';

const SQL_VALUE_FUNCTION_NAMES: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

const XML_EXPR_NAMES: Record<string, string> = {
  IS_XMLCONCAT: 'xmlconcat',
  IS_XMLELEMENT: 'xmlelement',
  IS_XMLFOREST: 'xmlforest',
  IS_XMLPARSE: 'xmlparse',
  IS_XMLPI: 'xmlpi',
  IS_XMLROOT: 'xmlroot',
  IS_XMLSERIALIZE: 'xmlserialize',
  IS_DOCUMENT: 'xmlexists',
};

const JSON_NAMES: Record<string, string> = {
  JsonParseExpr: 'json',
  JsonScalarExpr: 'json_scalar',
  JsonSerializeExpr: 'json_serialize',
  JsonObjectConstructor: 'json_object',
  JsonArrayConstructor: 'json_array',
  JsonArrayQueryConstructor: 'json_array',
  JsonObjectAgg: 'json_objectagg',
  JsonArrayAgg: 'json_arrayagg',
};

const JSON_FUNC_NAMES: Record<string, string> = { JSON_EXISTS_OP: 'json_exists', JSON_QUERY_OP: 'json_query', JSON_VALUE_OP: 'json_value' };

/** A name and how sure PostgreSQL is of it (2: a real name, 1: a keyword-like fallback, 0: none). */
type Figured = readonly [name: string, strength: 0 | 1 | 2];
const NONE: Figured = ['?column?', 0];

/** The name PostgreSQL gives an unaliased select-list expression (its FigureColname). */
export function figureColumnName(expr: Node | undefined): string {
  return figure(expr)[0];
}

/** The output name of one select-list entry: its alias, or the name PostgreSQL figures. */
export function targetName(target: { name?: string; val?: Node }): string {
  return target.name ?? figureColumnName(target.val);
}

function lastString(nodes: readonly Node[] | undefined): string | undefined {
  const last = nodes?.[nodes.length - 1];
  return last && 'String' in last ? last.String.sval : undefined;
}

function figure(expr: Node | undefined): Figured {
  if (!expr) return NONE;
  if ('ColumnRef' in expr) {
    const name = lastString(expr.ColumnRef.fields);
    return name === undefined ? NONE : [name, 2];
  }
  if ('A_Indirection' in expr) {
    const name = lastString(expr.A_Indirection.indirection);
    return name === undefined ? figure(expr.A_Indirection.arg) : [name, 2];
  }
  if ('FuncCall' in expr) {
    const name = lastString(expr.FuncCall.funcname);
    return name === undefined ? NONE : [name, 2];
  }
  if ('A_Expr' in expr) return expr.A_Expr.kind === 'AEXPR_NULLIF' ? ['nullif', 2] : NONE;
  if ('TypeCast' in expr) {
    const inner = figure(expr.TypeCast.arg);
    if (inner[1] >= 2) return inner;
    const typeName = lastString(expr.TypeCast.typeName?.names);
    return typeName === undefined ? inner : [typeName, 1];
  }
  if ('CollateClause' in expr) return figure(expr.CollateClause.arg);
  if ('GroupingFunc' in expr) return ['grouping', 2];
  if ('SubLink' in expr) return figureSubLink(expr.SubLink);
  if ('CaseExpr' in expr) {
    const result = figure(expr.CaseExpr.defresult);
    return result[1] >= 2 ? result : ['case', 1];
  }
  if ('A_ArrayExpr' in expr) return ['array', 1];
  if ('RowExpr' in expr) return ['row', 1];
  if ('CoalesceExpr' in expr) return ['coalesce', 1];
  if ('MinMaxExpr' in expr) return [expr.MinMaxExpr.op === 'IS_LEAST' ? 'least' : 'greatest', 1];
  if ('SQLValueFunction' in expr) return [SQL_VALUE_FUNCTION_NAMES[expr.SQLValueFunction.op ?? ''] ?? '?column?', 1];
  if ('XmlExpr' in expr) {
    const op = expr.XmlExpr.op ?? '';
    return XML_EXPR_NAMES[op] ? [XML_EXPR_NAMES[op]!, 1] : NONE;
  }
  if ('XmlSerialize' in expr) return ['xmlserialize', 1];
  if ('JsonFuncExpr' in expr) {
    const name = JSON_FUNC_NAMES[expr.JsonFuncExpr.op ?? ''];
    return name ? [name, 1] : NONE;
  }
  for (const [kind, name] of Object.entries(JSON_NAMES)) if (kind in expr) return [name, 1];
  return NONE;
}

function figureSubLink(link: { subLinkType?: string; subselect?: Node }): Figured {
  switch (link.subLinkType) {
    case 'EXISTS_SUBLINK':
      return ['exists', 2];
    case 'ARRAY_SUBLINK':
      return ['array', 2];
    case 'EXPR_SUBLINK':
    case 'MULTIEXPR_SUBLINK': {
      // PostgreSQL names a scalar subquery after its single output column.
      const select = link.subselect && 'SelectStmt' in link.subselect ? leftmost(link.subselect.SelectStmt) : undefined;
      const first = select?.targetList?.[0];
      if (first && 'ResTarget' in first) {
        const target = first.ResTarget;
        if (target.name !== undefined) return [target.name, 2];
        const inner = figure(target.val);
        return inner[1] > 0 ? [inner[0], 2] : NONE;
      }
      return NONE;
    }
    default:
      return NONE;
  }
}

/** The first branch of a set operation, which names its columns. */
export function leftmost(select: SelectStmt): SelectStmt {
  let current = select;
  while (current.op && current.op !== 'SETOP_NONE' && current.larg) current = current.larg;
  return current;
}
