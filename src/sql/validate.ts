import { codeFrame } from '../errors/code-frame.js';
import { CompileError } from '../errors/strata-error.js';
import { loadSqlParser, syntaxErrorDetails, type SqlParser } from './parser.js';
import { caretExcerpt, positionOfCodePoint } from './source-position.js';

/** A syntax error found by PostgreSQL's parser, placed in the SQL that was given. */
export interface SqlSyntaxIssue {
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  /** The offending line with a caret under the column. */
  readonly excerpt: string;
}

/** A compiled node to validate, as the manifest holds it. */
export interface CompiledSqlNode {
  readonly unique_id: string;
  readonly original_file_path: string;
  /** Where the compiled SQL was written; errors point here because line and column are in the compiled SQL. */
  readonly compiled_path?: string;
  readonly compiled_code?: string;
}

/** The syntax error in `sql` found by an already loaded parser, or undefined when it parses. */
export function findSyntaxIssue(parser: SqlParser, sql: string): SqlSyntaxIssue | undefined {
  // libpg-query refuses an empty string; an empty model is not a syntax error.
  if (sql.trim() === '') return undefined;
  try {
    parser.check(sql);
    return undefined;
  } catch (error) {
    const issue = syntaxIssueFromError(sql, error);
    if (!issue) throw error;
    return issue;
  }
}

/** The syntax issue the parser's error describes, placed in `sql`; undefined for any other error. */
export function syntaxIssueFromError(sql: string, error: unknown): SqlSyntaxIssue | undefined {
  const details = syntaxErrorDetails(error);
  if (!details) return undefined;
  const position = positionOfCodePoint(sql, details.cursorPosition);
  return { message: details.message, ...position, excerpt: caretExcerpt(sql, position) };
}

/** Parses `sql` with PostgreSQL's parser and returns its syntax error, if any. */
export async function validateSql(sql: string): Promise<SqlSyntaxIssue | undefined> {
  return findSyntaxIssue(await loadSqlParser(), sql);
}

/** One CompileError (code `sql_syntax`) per compiled node whose SQL PostgreSQL cannot parse. */
export async function validateCompiledNodes(nodes: Iterable<CompiledSqlNode>): Promise<CompileError[]> {
  const withSql = [...nodes].filter((node) => node.compiled_code !== undefined && node.compiled_code.trim() !== '');
  if (withSql.length === 0) return [];
  const parser = await loadSqlParser();
  const errors: CompileError[] = [];
  for (const node of withSql) {
    const sql = node.compiled_code!;
    const issue = findSyntaxIssue(parser, sql);
    if (issue) errors.push(syntaxIssueError(node, sql, issue));
  }
  return errors;
}

/** The CompileError for a node's syntax issue: at the compiled file's line and column, naming the model file. */
export function syntaxIssueError(node: CompiledSqlNode, sql: string, issue: SqlSyntaxIssue): CompileError {
  const file = node.compiled_path ?? node.original_file_path;
  const hint =
    node.compiled_path === undefined
      ? undefined
      : `the line and column are in the compiled SQL; edit the model in ${node.original_file_path}`;
  return new CompileError(
    `SQL syntax error in ${node.original_file_path}: ${issue.message}`,
    { location: { file, line: issue.line, column: issue.column }, frame: codeFrame(sql, issue.line, issue.column), nodeId: node.unique_id, hint },
    'sql_syntax',
  );
}
