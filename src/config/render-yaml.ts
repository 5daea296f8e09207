/** Rendering the templated string values of a parsed YAML file in place, with positions. */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { ConfigError, StrataError, StrataErrors } from '../errors/strata-error.js';
import type { KeyPath } from './key-path.js';
import { hasJinja, type ConfigRenderer } from './renderer.js';
import { frameAt, locationAtOffset, type YamlFile } from './yaml-file.js';

/** Decides, from a string's key path, whether it is rendered now (dbt leaves hooks for later). */
export type RenderFilter = (path: KeyPath) => boolean;

/**
 * Renders every string scalar containing `{{` or `{%` whose path passes `shouldRender`, replacing
 * its value with the result. Returns the errors (all of them) instead of stopping at the first.
 */
export async function renderYamlStrings(
  yamlFile: YamlFile,
  render: ConfigRenderer,
  shouldRender: RenderFilter = () => true,
): Promise<StrataError[]> {
  // The tree is walked synchronously and only the templated strings are rendered (most of a large
  // property file holds none): awaiting every node of 100 files cost a promise and a path per node.
  const templated: (Node & { value: string })[] = [];
  const visit = (node: unknown, parent: PathLink | undefined, part: string | number | undefined): void => {
    const link: PathLink | undefined = part === undefined ? parent : { parent, part };
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        visit(pair.value, link, isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) visit(node.items[i], link, i);
    } else if (isScalar(node) && typeof node.value === 'string' && hasJinja(node.value)) {
      if (shouldRender(pathOf(link))) templated.push(node as Node & { value: string });
    }
  };
  visit(yamlFile.document.contents, undefined, undefined);

  const errors: StrataError[] = [];
  for (const node of templated) {
    const location = locationAtOffset(yamlFile, node.range?.[0] ?? 0);
    try {
      node.value = await render(node.value, location);
    } catch (error) {
      if (error instanceof StrataErrors) errors.push(...error.errors);
      else if (error instanceof StrataError) errors.push(error.location ? error : withLocation(error, location));
      else {
        const message = error instanceof Error ? error.message : String(error);
        errors.push(new ConfigError(`cannot render ${JSON.stringify(node.value)}: ${message}`, { location, frame: frameAt(yamlFile, location) }));
      }
    }
  }
  return errors;
}

/** A key path as a chain from the leaf up, so the walk builds an array only for the strings it renders. */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly part: string | number;
}

function pathOf(link: PathLink | undefined): KeyPath {
  const parts: (string | number)[] = [];
  for (let at = link; at; at = at.parent) parts.push(at.part);
  return parts.reverse();
}

function withLocation(error: StrataError, location: ConfigError['location']): StrataError {
  return new ConfigError(error.message, { location, hint: error.hint, cause: error });
}

/** dbt's rule for project files: run hooks, vars and query comments are rendered later; so are model hooks. */
export function projectRenderFilter(path: KeyPath): boolean {
  const first = path[0];
  if (first === 'on-run-start' || first === 'on-run-end' || first === 'query-comment' || first === 'vars') return false;
  return !path.some((part) => typeof part === 'string' && isHookKey(part));
}

/** True for `pre-hook`, `+post_hook`, … in any spelling. */
export function isHookKey(key: string): boolean {
  const bare = key.replace(/^\+\s*/, '').replace('_', '-');
  return bare === 'pre-hook' || bare === 'post-hook';
}
