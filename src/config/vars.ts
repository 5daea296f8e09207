/**
 * Project variables: `--vars` parsing, and the variables a node of a given package sees
 * (dbt's precedence: --vars > root project, package-scoped > root project, global > the
 * package's own project file).
 */
import { isMap, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors/strata-error.js';
import { isMapping } from './config-tree.js';
import type { ProjectConfig } from './project-config.js';

/** Parses the `--vars` flag (or another that takes the same, `--args`): a YAML mapping such as `{key: value, date: 20180101}`; empty means none. */
export function parseCliVars(text: string | undefined, flag = '--vars'): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(`${flag} is not valid YAML: ${(first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`, {
      location: { file: flag, line, column: col },
      hint: `Pass a YAML mapping, e.g. ${flag} '{start_date: "2024-01-01", limit: 10}'.`,
    });
  }
  if (document.contents === null) return {};
  const value: unknown = document.toJS();
  if (!isMap(document.contents) || !isMapping(value)) {
    throw new ConfigError(`${flag} must be a YAML mapping of names to values`, {
      location: { file: flag },
      hint: `For example ${flag} '{start_date: "2024-01-01"}'.`,
    });
  }
  return value;
}

export interface VarsScope {
  /** The project strata runs. */
  readonly rootProject: ProjectConfig;
  /** The package the node belongs to (its project name). */
  readonly packageName: string;
  /** That package's own project, when it is not the root project. */
  readonly packageProject?: ProjectConfig;
  /** Parsed `--vars`. */
  readonly cliVars?: Readonly<Record<string, unknown>>;
}

/** Every variable visible to nodes of one package, with dbt's precedence applied. */
export function varsForPackage(scope: VarsScope): Record<string, unknown> {
  const scoped = (project: ProjectConfig): Record<string, unknown> => {
    const ownScope = project.vars[scope.packageName];
    return { ...project.vars, ...(isMapping(ownScope) ? ownScope : {}) };
  };
  const fromPackage = scope.packageProject && scope.packageProject.name !== scope.rootProject.name ? scoped(scope.packageProject) : {};
  return { ...fromPackage, ...scoped(scope.rootProject), ...(scope.cliVars ?? {}) };
}
