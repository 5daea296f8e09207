import type { CompileError } from '../errors/strata-error.js';
import { missingColumnError } from './column-check.js';
import { loadSqlParser } from './parser.js';
import { LINEAGE_RESOURCE_TYPES, projectLineage, type LineageInputNode, type ProjectLineage, type ProjectLineageOptions } from './project-lineage.js';
import { syntaxShape } from './syntax-shape.js';
import { findSyntaxIssue, syntaxIssueError, type CompiledSqlNode } from './validate.js';

export type CheckedNode = LineageInputNode & CompiledSqlNode;

export interface CompiledProjectCheck {
  /** Syntax errors of every compiled node, then references to missing columns, in node order. */
  readonly errors: readonly CompileError[];
  readonly lineage: ProjectLineage;
}

/**
 * What `compile` runs before anything reaches the database: every compiled node parsed once,
 * models and snapshots for lineage (and column checks), the other nodes (tests, analyses) for
 * syntax only, once per shape of statement (syntax-shape.ts).
 */
export async function checkCompiledProject(nodes: Iterable<CheckedNode>, options: ProjectLineageOptions = {}): Promise<CompiledProjectCheck> {
  const all = [...nodes];
  const lineage = await projectLineage(all, options);
  const compiled = all.filter((n) => n.compiled_code !== undefined && n.compiled_code.trim() !== '');
  const syntaxOnly = compiled.filter((n) => !LINEAGE_RESOURCE_TYPES.has(n.resource_type));
  const parser = syntaxOnly.length > 0 ? await loadSqlParser() : undefined;

  const syntax: CompileError[] = [];
  const columns: CompileError[] = [];
  // Shapes of statements the parser accepted: a statement of the same shape is accepted too.
  const acceptedShapes = new Set<string>();
  const syntaxIssueOf = (sql: string) => {
    const shape = syntaxShape(sql);
    if (shape !== undefined && acceptedShapes.has(shape)) return undefined;
    const issue = findSyntaxIssue(parser!, sql);
    if (!issue && shape !== undefined) acceptedShapes.add(shape);
    return issue;
  };
  for (const node of compiled) {
    const sql = node.compiled_code!;
    const issue = lineage.syntaxIssues[node.unique_id] ?? (parser && !LINEAGE_RESOURCE_TYPES.has(node.resource_type) ? syntaxIssueOf(sql) : undefined);
    if (issue) syntax.push(syntaxIssueError(node, sql, issue));
    for (const reference of lineage.models[node.unique_id]?.missingColumns ?? []) columns.push(missingColumnError(node, sql, reference));
  }
  return { errors: [...syntax, ...columns], lineage };
}
