/**
 * SQL understanding with PostgreSQL's own parser: syntax validation of compiled nodes, column-level
 * lineage, column reference checks and lineage traces. The parser (WASM) loads on first use only.
 */
export { validateSql, validateCompiledNodes, type SqlSyntaxIssue, type CompiledSqlNode } from './validate.js';
export { checkCompiledProject, type CheckedNode, type CompiledProjectCheck } from './project-check.js';
export {
  columnLineage,
  columnLineageWith,
  UNKNOWN_COLUMNS,
  type ColumnLineageOptions,
  type ColumnSource,
  type CteResolver,
  type MissingColumnReference,
  type ModelLineage,
  type OutputColumnLineage,
  type UpstreamRelation,
  type UpstreamResolver,
} from './lineage.js';
export {
  projectLineage,
  type ColumnLineageEntry,
  type ColumnLineageMap,
  type KnownColumns,
  type LineageInputNode,
  type ProjectLineage,
  type ProjectLineageOptions,
} from './project-lineage.js';
export { checkColumnReferences, missingColumnError } from './column-check.js';
export { traceColumn, formatTraceTree, type TraceDirection, type TraceNode, type TraceOptions } from './trace.js';
export { loadSqlParser, type SqlParser } from './parser.js';
