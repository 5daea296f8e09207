import { codeFrame } from '../errors/code-frame.js';
import { CompileError } from '../errors/strata-error.js';
import { closestNames } from '../parse/closest-names.js';
import type { MissingColumnReference } from './query-lineage.js';
import type { ProjectLineage } from './project-lineage.js';
import { positionOfByteOffset } from './source-position.js';
import type { CompiledSqlNode } from './validate.js';

/**
 * One CompileError (code `sql_missing_column`) per reference to a column that a relation whose
 * columns are all known does not have: an upstream model inferred from its SQL, a node whose
 * columns came from the catalog or a seed header, or a CTE or subquery of the model itself.
 * Columns merely declared in YAML are never taken as all the columns, so they raise nothing.
 */
export function checkColumnReferences(lineage: Pick<ProjectLineage, 'models'>, nodes: Iterable<CompiledSqlNode>): CompileError[] {
  const errors: CompileError[] = [];
  for (const node of nodes) {
    const model = lineage.models[node.unique_id];
    if (!model || node.compiled_code === undefined) continue;
    for (const reference of model.missingColumns) errors.push(missingColumnError(node, node.compiled_code, reference));
  }
  return errors;
}

/** The error for one missing column reference of a node's compiled SQL. */
export function missingColumnError(node: CompiledSqlNode, sql: string, reference: MissingColumnReference): CompileError {
  const { line, column } = positionOfByteOffset(sql, reference.byteOffset);
  const where = reference.relations.length === 0 ? 'the FROM clause' : reference.relations.join(', ');
  const suggestions = closestNames(reference.column, reference.available, 1);
  const hints = [
    suggestions.length > 0 ? `did you mean ${suggestions[0]}?` : undefined,
    node.compiled_path !== undefined ? `the line and column are in the compiled SQL; edit the model in ${node.original_file_path}` : undefined,
  ].filter((h): h is string => h !== undefined);
  return new CompileError(
    `Column ${reference.column} does not exist in ${where} (referenced by ${node.unique_id} in ${node.original_file_path})`,
    {
      location: { file: node.compiled_path ?? node.original_file_path, line, column },
      frame: codeFrame(sql, line, column),
      nodeId: node.unique_id,
      hint: hints.length > 0 ? hints.join('; ') : undefined,
    },
    'sql_missing_column',
  );
}
