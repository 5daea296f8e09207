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
  const errors: StrataError[] = [];
  const visit = async (node: unknown, path: KeyPath): Promise<void> => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        await visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) await visit(node.items[i], [...path, i]);
    } else if (isScalar(node) && typeof node.value === 'string' && hasJinja(node.value) && shouldRender(path)) {
      const location = locationAtOffset(yamlFile, (node as Node).range?.[0] ?? 0);
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
  };
  await visit(yamlFile.document.contents, []);
  return errors;
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
