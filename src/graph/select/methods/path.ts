/**
 * `path:` (a file or folder relative to the project, glob allowed; also matches the property
 * file a node is declared in) and `file:` (a file name, with or without extension).
 */
import type { AnyNode } from '../../../parse/manifest.js';
import { fnmatch, pathGlobMatch } from '../../glob.js';
import { idsWhere, type SelectorMethod } from './method.js';

export const pathMethod: SelectorMethod = (context, criterion) => {
  const pattern = normalizePattern(criterion.value, context.manifest.project.project_root);
  return idsWhere(context.index.all, (node) => pathMatches(node, pattern));
};

export const fileMethod: SelectorMethod = (context, { value }) =>
  idsWhere(context.index.all, (node) => {
    const name = baseName(node.original_file_path);
    return fnmatch(name, value) || fnmatch(stem(name), value);
  });

function pathMatches(node: AnyNode, pattern: string): boolean {
  const file = normalizePath(node.original_file_path);
  if (matchesFileOrFolder(file, pattern)) return true;
  const patch = node.patch_path ? normalizePath(node.patch_path.replace(/^[a-z]+:\/\//, '')) : undefined;
  return patch !== undefined && pathGlobMatch(patch, pattern);
}

/** The file itself or any folder containing it. */
function matchesFileOrFolder(file: string, pattern: string): boolean {
  if (pathGlobMatch(file, pattern)) return true;
  let slash = file.lastIndexOf('/');
  while (slash > 0) {
    if (pathGlobMatch(file.slice(0, slash), pattern)) return true;
    slash = file.lastIndexOf('/', slash - 1);
  }
  return false;
}

function normalizePattern(value: string, projectRoot: string): string {
  let pattern = normalizePath(value);
  const root = normalizePath(projectRoot);
  if (root && pattern.startsWith(`${root}/`)) pattern = pattern.slice(root.length + 1);
  return pattern;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/');
}

function baseName(path: string): string {
  const normalized = path.replace(/\\/g, '/');
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
