/**
 * selectors.yml: named selectors in dbt's YAML definition form — CLI-style strings, `method: value`
 * pairs, full `{method, value, parents, children, …, exclude}` dictionaries, `union`/`intersection`
 * lists, `selector:` references to other selectors, and one optional `default: true`.
 * Every error names the file and line of the offending part.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { ConfigError, type StrataError } from '../errors/strata-error.js';
import { frameAt, gathered, locationAtOffset, parseYaml, type YamlFile } from '../config/yaml-file.js';
import { validateWithSchema } from '../config/zod-errors.js';
import type { NamedSelector, NamedSelectors } from './select/named-selectors.js';
import { criterionFromParts, parseCriterion } from './select/parse-criterion.js';
import {
  INDIRECT_SELECTION_MODES,
  selectionSet,
  type IndirectSelection,
  type SelectionSpec,
  type SpecOrigin,
} from './select/spec.js';

const selectorSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    default: z.union([z.boolean(), z.string()]).optional(),
    definition: z.custom<unknown>((v) => v !== undefined && v !== null, { message: 'a selector definition' }),
  })
  .strict();

const selectorsFileSchema = z.object({ selectors: z.array(selectorSchema) }).strict();

export interface SelectorsFileOptions {
  /** Renders a templated `default:` (e.g. `"{{ target.name == 'prod' }}"`); without it such a value is an error. */
  readonly renderDefault?: (template: string) => unknown;
}

/** Reads `<projectRoot>/selectors.yml`; undefined when the project has none. */
export async function loadSelectorsFile(projectRoot: string, options: SelectorsFileOptions = {}): Promise<NamedSelectors | undefined> {
  const path = join(projectRoot, 'selectors.yml');
  if (!existsSync(path)) return undefined;
  return parseSelectorsFile(await readFile(path, 'utf8'), 'selectors.yml', options);
}

/** Parses selectors.yml text (`file` is the name used in errors). Throws every problem found at once. */
export function parseSelectorsFile(source: string, file: string, options: SelectorsFileOptions = {}): NamedSelectors {
  const yamlFile = parseYaml(source, file);
  const raw = yamlFile.value ?? { selectors: [] };
  const checked = validateWithSchema(selectorsFileSchema, raw, yamlFile);
  if (!checked.ok) throw gathered(checked.errors);

  const errors: StrataError[] = [];
  const selectors = new Map<string, NamedSelector>();
  const defaults: NamedSelector[] = [];
  checked.data.selectors.forEach((entry, index) => {
    const entryNode = yamlFile.document.getIn(['selectors', index], true) as Node;
    const at = (node: unknown) => locate(yamlFile, node ?? entryNode);
    if (selectors.has(entry.name)) {
      errors.push(fileError(yamlFile, entryNode, `selector '${entry.name}' is defined twice`, 'Give each selector a unique name.'));
      return;
    }
    const definitionNode = (yamlFile.document.getIn(['selectors', index, 'definition'], true) as Node | undefined) ?? entryNode;
    const parser = new DefinitionParser(yamlFile, entry.name);
    let definition: SelectionSpec;
    try {
      definition = parser.parse(definitionNode, true);
    } catch (e) {
      errors.push(e as StrataError);
      return;
    }
    const isDefault = parseDefault(entry.default, options, () =>
      fileError(yamlFile, yamlFile.document.getIn(['selectors', index, 'default'], true), `selector '${entry.name}': default must be true or false`),
    );
    if (isDefault instanceof ConfigError) {
      errors.push(isDefault);
      return;
    }
    const selector: NamedSelector = {
      name: entry.name,
      description: entry.description,
      isDefault,
      definition,
      location: { file, line: at(entryNode).line },
    };
    selectors.set(entry.name, selector);
    if (isDefault) defaults.push(selector);
  });

  if (defaults.length > 1) {
    const where = defaults.map((d) => `'${d.name}' (line ${d.location.line})`).join(', ');
    errors.push(
      new ConfigError(`only one selector may set default: true, but ${where} do`, {
        location: { file, line: defaults[1]!.location.line },
        hint: 'Keep default: true on one selector.',
      }),
    );
  }
  errors.push(...checkReferences(selectors));
  if (errors.length > 0) throw gathered(errors);
  return selectors;
}

function parseDefault(value: boolean | string | undefined, options: SelectorsFileOptions, invalid: () => ConfigError): boolean | ConfigError {
  if (value === undefined) return false;
  let resolved: unknown = value;
  if (typeof value === 'string' && value.includes('{{') && options.renderDefault) resolved = options.renderDefault(value);
  if (typeof resolved === 'boolean') return resolved;
  if (typeof resolved === 'string' && /^(true|false)$/i.test(resolved.trim())) return resolved.trim().toLowerCase() === 'true';
  return invalid();
}

const CRITERION_KEYS = new Set([
  'method', 'value', 'childrens_parents', 'children_parents', 'parents', 'children',
  'parents_depth', 'children_depth', 'indirect_selection', 'exclude',
]);

/** Turns one selector's `definition` (YAML nodes, for their lines) into a SelectionSpec. */
class DefinitionParser {
  constructor(
    private readonly yamlFile: YamlFile,
    private readonly selectorName: string,
  ) {}

  parse(node: unknown, rootLevel = false): SelectionSpec {
    const resolved = this.resolve(node);
    if (isScalar(resolved) && typeof resolved.value === 'string') {
      return parseCriterion(resolved.value, this.origin(resolved));
    }
    if (isMap(resolved)) {
      const keys = this.keys(resolved);
      if (keys.includes('union') || keys.includes('intersection')) {
        if (keys.length > 1) {
          const what = rootLevel ? 'a root level selector definition' : 'a union or intersection';
          throw this.error(resolved, `only a single 'union' or 'intersection' key is allowed in ${what}; found ${keys.join(', ')}`);
        }
        const kind = keys[0] as 'union' | 'intersection';
        return this.parseSet(kind, this.valueOf(resolved, kind)!, resolved);
      }
      return this.parseDictionary(resolved, keys);
    }
    throw this.error(resolved, 'expected a selector string, a method: value pair, or a union/intersection list');
  }

  private parseSet(kind: 'union' | 'intersection', listNode: unknown, owner: unknown): SelectionSpec {
    const list = this.resolve(listNode);
    if (!isSeq(list)) throw this.error(list ?? owner, `'${kind}' expects a list`);
    const include: SelectionSpec[] = [];
    let exclusion: SelectionSpec | undefined;
    for (const item of list.items) {
      const resolved = this.resolve(item);
      if (isMap(resolved) && this.keys(resolved).includes('exclude')) {
        if (exclusion) throw this.error(resolved, `cannot give more than one 'exclude' in the same ${kind}`);
        if (this.keys(resolved).length > 1) throw this.error(resolved, `'exclude' inside a ${kind} must be on its own list item`);
        exclusion = this.parseExclusions(this.valueOf(resolved, 'exclude'), resolved);
      } else {
        include.push(this.parse(resolved));
      }
    }
    const origin = this.origin(owner);
    const combined = selectionSet(kind, include, origin);
    return exclusion ? selectionSet('difference', [combined, exclusion], origin) : combined;
  }

  private parseExclusions(listNode: unknown, owner: unknown): SelectionSpec {
    const list = this.resolve(listNode);
    if (!isSeq(list)) throw this.error(list ?? owner, "'exclude' expects a list");
    const parts = list.items.map((item) => this.parse(item));
    return parts.length === 1 ? parts[0]! : selectionSet('union', parts, this.origin(owner));
  }

  private parseDictionary(map: YAMLMap, keys: string[]): SelectionSpec {
    const origin = this.origin(map);
    if (keys.length === 1 && keys[0] !== 'method' && keys[0] !== 'exclude') {
      const method = keys[0]!;
      const value = this.scalarText(this.valueOf(map, method), map, method);
      return criterionFromParts({ raw: `${method}:${value}`, method, value, origin });
    }
    if (!keys.includes('method') || !keys.includes('value')) {
      throw this.error(map, `expected either one key (method: value) or the keys 'method' and 'value', but got ${keys.join(', ')}`);
    }
    for (const key of keys) {
      if (!CRITERION_KEYS.has(key)) {
        throw this.error(this.keyNode(map, key), `unknown key '${key}' in a selector definition`, `Expected: ${[...CRITERION_KEYS].join(', ')}.`);
      }
    }
    const method = this.scalarText(this.valueOf(map, 'method'), map, 'method');
    const value = this.scalarText(this.valueOf(map, 'value'), map, 'value');
    const indirect = this.optional(map, 'indirect_selection', (v, node) => {
      if (typeof v === 'string' && (INDIRECT_SELECTION_MODES as readonly string[]).includes(v)) return v as IndirectSelection;
      throw this.error(node, `indirect_selection must be one of ${INDIRECT_SELECTION_MODES.join(', ')}`);
    });
    const flag = (key: string) =>
      this.optional(map, key, (v, node) => {
        if (typeof v === 'boolean') return v;
        throw this.error(node, `'${key}' must be true or false`);
      });
    const depth = (key: string) =>
      this.optional(map, key, (v, node) => {
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
        throw this.error(node, `'${key}' must be a whole number`);
      });
    const base = criterionFromParts({
      raw: `${method}:${value}`,
      method,
      value,
      childrensParents: flag('childrens_parents') ?? flag('children_parents'),
      parents: flag('parents'),
      parentsDepth: depth('parents_depth'),
      children: flag('children'),
      childrenDepth: depth('children_depth'),
      indirectSelection: indirect,
      origin,
    });
    if (!keys.includes('exclude')) return base;
    return selectionSet('difference', [base, this.parseExclusions(this.valueOf(map, 'exclude'), map)], origin);
  }

  private optional<T>(map: YAMLMap, key: string, check: (value: unknown, node: unknown) => T): T | undefined {
    const node = this.resolve(this.valueOf(map, key));
    if (node === undefined || node === null) return undefined;
    return check(isScalar(node) ? node.value : node, node ?? map);
  }

  private scalarText(node: unknown, owner: unknown, key: string): string {
    const resolved = this.resolve(node);
    if (isScalar(resolved) && resolved.value !== null && typeof resolved.value !== 'object') return String(resolved.value);
    throw this.error(resolved ?? owner, `'${key}' must be a single value`);
  }

  private keys(map: YAMLMap): string[] {
    return map.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
  }

  private pair(map: YAMLMap, key: string): Pair | undefined {
    return map.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === key) as Pair | undefined;
  }

  private valueOf(map: YAMLMap, key: string): unknown {
    return this.pair(map, key)?.value;
  }

  private keyNode(map: YAMLMap, key: string): unknown {
    return this.pair(map, key)?.key;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.yamlFile.document as Document) : node;
  }

  private origin(node: unknown): SpecOrigin {
    const { line, column } = locate(this.yamlFile, node);
    return { kind: 'file', file: this.yamlFile.file, line, column, selector: this.selectorName };
  }

  private error(node: unknown, message: string, hint?: string): ConfigError {
    return fileError(this.yamlFile, node, `selector '${this.selectorName}': ${message}`, hint);
  }
}

/** `selector:` references must name defined selectors, and not loop. */
function checkReferences(selectors: ReadonlyMap<string, NamedSelector>): ConfigError[] {
  const errors: ConfigError[] = [];
  const references = new Map<string, { name: string; origin: SpecOrigin }[]>();
  for (const selector of selectors.values()) {
    const refs: { name: string; origin: SpecOrigin }[] = [];
    collectReferences(selector.definition, refs);
    references.set(selector.name, refs);
    for (const ref of refs) {
      if (!selectors.has(ref.name)) {
        errors.push(originError(ref.origin, `selector '${selector.name}' refers to an undefined selector '${ref.name}'`, `Defined selectors: ${[...selectors.keys()].join(', ')}.`));
      }
    }
  }
  const state = new Map<string, 'active' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'active') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const origin = references.get(path[path.length - 1]!)!.find((r) => r.name === name)!.origin;
      errors.push(originError(origin, `selectors refer to each other in a cycle: ${cycle.join(' → ')}`));
      return;
    }
    state.set(name, 'active');
    for (const ref of references.get(name) ?? []) if (selectors.has(ref.name)) visit(ref.name, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of selectors.keys()) visit(name, []);
  return errors;
}

function collectReferences(spec: SelectionSpec, into: { name: string; origin: SpecOrigin }[]): void {
  if (spec.kind === 'criterion') {
    if (spec.method === 'selector') into.push({ name: spec.value, origin: spec.origin });
    return;
  }
  for (const component of spec.components) collectReferences(component, into);
}

function originError(origin: SpecOrigin, message: string, hint?: string): ConfigError {
  const location = origin.kind === 'file' ? { file: origin.file, line: origin.line, column: origin.column } : undefined;
  return new ConfigError(message, { location, hint });
}

function locate(yamlFile: YamlFile, node: unknown): { line?: number; column?: number } {
  const range = (node as Node | undefined)?.range;
  if (!Array.isArray(range)) return {};
  const { line, column } = locationAtOffset(yamlFile, range[0]);
  return { line, column };
}

function fileError(yamlFile: YamlFile, node: unknown, message: string, hint?: string): ConfigError {
  const { line, column } = locate(yamlFile, node);
  const location = { file: yamlFile.file, line, column };
  return new ConfigError(message, { location, hint, frame: frameAt(yamlFile, location) });
}
