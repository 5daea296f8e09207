import path from 'node:path';
import type { NodeResult } from '../execute/results.js';
import type { GraphNode, Manifest } from '../parse/manifest.js';

export interface GithubAnnotationOptions {
  /**
   * The project folder relative to the repository root (`GITHUB_WORKSPACE`), when the project
   * is not at the root: GitHub places annotations by repository path.
   */
  readonly projectPath?: string;
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) for the results
 * that failed (`error`, `fail`) or warned (`warn`), so they show on the pull request's files.
 */
export function githubAnnotations(results: readonly NodeResult[], manifest: Manifest, options: GithubAnnotationOptions = {}): string[] {
  const lines: string[] = [];
  for (const result of results) {
    const command = result.status === 'error' || result.status === 'fail' ? 'error' : result.status === 'warn' ? 'warning' : undefined;
    if (command === undefined) continue;
    const node = manifest.nodes[result.unique_id];
    const place = annotationPlace(result, node, manifest.project.project_root);
    const file = options.projectPath ? path.posix.join(options.projectPath.split(path.sep).join('/'), place.file) : place.file;
    const properties: [string, string | number | undefined][] = [
      ['file', file],
      ['line', place.line],
      ['col', place.column],
      ['title', title(result, node)],
    ];
    const written = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
    lines.push(`::${command} ${written.join(',')}::${escapeData(annotationMessage(result, place.message))}`);
  }
  return lines;
}

interface AnnotationPlace {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  /** The message without the location it started with (the annotation shows that already). */
  readonly message: string;
}

// `models/x.sql:12:5: message` or `models/x.sql:12: message`, as execute/ writes located errors.
// No whitespace in the file, so `could not connect to 10.0.0.1:5432: …` is not a location.
const LOCATED = /^(?<file>\S+?):(?<line>\d+)(?::(?<column>\d+))?: /;

/**
 * Where the annotation goes: the location the message starts with, unless that is the compiled
 * SQL under target/ (not in the repository), then the node's own file at line 1.
 */
function annotationPlace(result: NodeResult, node: GraphNode | undefined, projectRoot: string): AnnotationPlace {
  const fallbackFile = node?.original_file_path ?? result.unique_id;
  const match = LOCATED.exec(result.message);
  if (match?.groups) {
    const file = relativeToProject(match.groups['file']!, projectRoot);
    const compiledPaths = [result.compiled_path, node && 'compiled_path' in node ? node.compiled_path : undefined];
    if (!compiledPaths.includes(file)) {
      const column = match.groups['column'] === undefined ? undefined : Number(match.groups['column']);
      return { file, line: Number(match.groups['line']), column, message: result.message.slice(match[0].length) };
    }
    return { file: fallbackFile, line: 1, message: result.message };
  }
  // execute/ prefixes unlocated errors with the node's file: `models/x.sql: message`.
  const prefix = node ? `${node.original_file_path}: ` : undefined;
  const message = prefix && result.message.startsWith(prefix) ? result.message.slice(prefix.length) : result.message;
  return { file: fallbackFile, line: 1, message };
}

function relativeToProject(file: string, projectRoot: string): string {
  const relative = path.isAbsolute(file) && projectRoot ? path.relative(projectRoot, file) : file;
  return relative.split(path.sep).join('/');
}

/** `test not_null_orders_id failed`, `model orders errored`, `test x warned`. */
function title(result: NodeResult, node: GraphNode | undefined): string {
  const what = node ? `${node.resource_type} ${node.name}` : result.unique_id;
  const verb = result.status === 'fail' ? 'failed' : result.status === 'warn' ? 'warned' : 'errored';
  return `${what} ${verb}`;
}

function annotationMessage(result: NodeResult, message: string): string {
  const lines = [message];
  if (result.compiled_path) lines.push(`compiled query: ${result.compiled_path}`);
  return lines.join('\n');
}

/** A workflow command's message: `%`, CR and LF percent-encoded (GitHub's `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, plus `:` and `,` (GitHub's `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
