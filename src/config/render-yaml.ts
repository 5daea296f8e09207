/** Rendering the templated string values of a parsed YAML file in place, with positions. */
import { CompileError, ConfigError, StrataError, StrataErrors } from '../errors/strata-error.js';
import type { KeyPath } from './key-path.js';
import { nativeValue } from './native-value.js';
import { hasJinja, type ConfigRenderer } from './renderer.js';
import { frameAt, locationAtOffset, type YamlFile } from './yaml-file.js';
import type { YamlPosition } from './yaml-positions.js';

/** Decides, from a string's key path, whether it is rendered now (dbt leaves hooks for later). */
export type RenderFilter = (path: KeyPath) => boolean;

/** A templated string found in the value: the container holding it, its key there, and where it is written. */
interface TemplatedString {
  readonly container: Record<string | number, unknown>;
  readonly key: string | number;
  readonly text: string;
  readonly offset: number;
  readonly native: boolean;
}

/**
 * Renders every string value containing `{{` or `{%` whose path passes `shouldRender`, replacing
 * it in the file's value with the result. Returns the errors (all of them) instead of stopping at the first.
 */
export async function renderYamlStrings(
  yamlFile: YamlFile,
  render: ConfigRenderer,
  shouldRender: RenderFilter = () => true,
  /** Where the rendered text is read as a literal (`{{ 10 }}` is 10), as dbt's native rendering does. */
  rendersNatively: RenderFilter = () => false,
): Promise<StrataError[]> {
  // The value is walked synchronously and only the templated strings are rendered (most of a large
  // property file holds none): awaiting every node of 100 files cost a promise and a path per node.
  const templated: TemplatedString[] = [];
  // Containers on the path being walked: an alias may refer to one of them (a cycle).
  const onPath = new Set<object>();
  const visit = (value: unknown, position: YamlPosition | undefined, parent: PathLink | undefined): void => {
    if (value === null || typeof value !== 'object' || onPath.has(value)) return;
    onPath.add(value);
    const container = value as Record<string | number, unknown>;
    const visitChild = (key: string | number, child: unknown, childPosition: YamlPosition | undefined): void => {
      const link: PathLink = { parent, part: key };
      if (typeof child !== 'string') visit(child, childPosition, link);
      else if (hasJinja(child)) {
        const path = pathOf(link);
        if (shouldRender(path)) templated.push({ container, key, text: child, offset: childPosition?.start ?? position?.start ?? 0, native: rendersNatively(path) });
      }
    };
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visitChild(i, value[i], position?.items?.[i]);
    else for (const key in container) visitChild(key, container[key], position?.entries?.get(key)?.value);
    onPath.delete(value);
  };
  visit(yamlFile.value, yamlFile.positions, undefined);

  const errors: StrataError[] = [];
  for (const { container, key, text, offset, native } of templated) {
    const location = locationAtOffset(yamlFile, offset);
    try {
      const rendered = await render(text, location);
      container[key] = native ? nativeValue(rendered) : rendered;
    } catch (error) {
      if (error instanceof StrataErrors) errors.push(...error.errors);
      else if (error instanceof StrataError) errors.push(!error.location ? withLocation(error, location, frameAt(yamlFile, location)) : error.frame ? error : withFrame(error, yamlFile));
      else {
        const message = error instanceof Error ? error.message : String(error);
        errors.push(new ConfigError(`cannot render ${JSON.stringify(text)}: ${message}`, { location, frame: frameAt(yamlFile, location) }));
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

function withLocation(error: StrataError, location: ConfigError['location'], frame?: string): StrataError {
  return new ConfigError(error.message, { location, frame, hint: error.hint, cause: error });
}

/** A template's error (a CompileError at the value) with the lines of the YAML file around it. */
function withFrame(error: StrataError, yamlFile: YamlFile): StrataError {
  if (!(error instanceof CompileError) || !error.location || error.location.file !== yamlFile.file) return error;
  return new CompileError(error.message, { location: error.location, frame: frameAt(yamlFile, error.location), hint: error.hint, nodeId: error.nodeId, cause: error }, error.code);
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
