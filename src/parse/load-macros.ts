import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import type { Environment, Template } from '../jinja/index.js';
import { MacroRegistry } from '../jinja/dbt/macro-registry.js';
import type { StrataError } from '../errors/strata-error.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import type { MacroNode } from './manifest.js';
import { compileTemplate } from './compile-template.js';

/** A package's folders that may hold macro files (and generic test blocks under tests/generic). */
export interface MacroSourcePackage {
  readonly name: string;
  readonly root: string;
  readonly macroPaths: readonly string[];
  /** `tests/generic` folders: `{% test %}` blocks live there too. */
  readonly genericTestPaths: readonly string[];
  /** Where messages name the package's files from (the root project, for a package); default: the package root. */
  readonly displayBase?: string;
}

/** strata's own macros (generic tests, cross-database helpers), addressable as the `dbt` package. */
export const BUILTIN_MACRO_ROOT = path.join(packageRoot(), 'include', 'global_project');

export interface LoadedMacros {
  readonly registry: MacroRegistry;
  readonly nodes: MacroNode[];
  readonly errors: StrataError[];
}

/** Reads and compiles every macro file of the packages (root project last wins on clashes in the registry). */
export async function loadMacros(env: Environment, rootPackage: string, packages: readonly MacroSourcePackage[]): Promise<LoadedMacros> {
  const registry = new MacroRegistry(rootPackage);
  const nodes: MacroNode[] = [];
  const errors: StrataError[] = [];
  const all: MacroSourcePackage[] = [
    { name: registry.builtinPackage, root: BUILTIN_MACRO_ROOT, macroPaths: ['macros'], genericTestPaths: [] },
    ...packages,
  ];
  const files = await Promise.all(
    all.map(async (pkg) => ({ pkg, files: await discoverFiles(pkg.root, [...pkg.macroPaths, ...pkg.genericTestPaths], ['.sql']) })),
  );
  for (const { pkg, files: found } of files) {
    const sources = await Promise.all(found.map(async (file) => ({ file, source: await readFile(file.absolutePath, 'utf8') })));
    for (const { file, source } of sources) {
      const template = compileTemplate(env, source, file, displayName(pkg, file, registry.builtinPackage), errors);
      if (!template) continue;
      for (const definition of template.definitions) {
        if (definition.kind === 'snapshot') continue; // snapshot blocks are nodes, not macros
        const bindKey = definition.boundName;
        registry.add({ name: bindKey, packageName: pkg.name, template, bindKey, file: file.originalFilePath, line: definition.line });
        nodes.push(macroNode(pkg.name, bindKey, file, source, definition));
      }
    }
  }
  return { registry, nodes, errors };
}

function displayName(pkg: MacroSourcePackage, file: DiscoveredFile, builtinPackage: string): string {
  if (pkg.name === builtinPackage) return `strata:${file.originalFilePath}`;
  if (pkg.displayBase === undefined) return file.originalFilePath;
  return path.relative(pkg.displayBase, file.absolutePath).split(path.sep).join('/');
}

function macroNode(packageName: string, name: string, file: DiscoveredFile, source: string, definition: Template['definitions'][number]): MacroNode {
  return {
    unique_id: `macro.${packageName}.${name}`,
    resource_type: 'macro',
    name,
    package_name: packageName,
    path: file.originalFilePath,
    original_file_path: file.originalFilePath,
    absolute_path: file.absolutePath,
    macro_sql: source,
    description: '',
    depends_on: { macros: [] },
    arguments: definition.params.map((p) => ({ name: p })),
    line: definition.line,
  };
}
