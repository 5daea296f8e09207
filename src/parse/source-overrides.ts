/**
 * dbt's `overrides:` on a source (deprecated in dbt 1.10, still in projects strata reads unchanged):
 * an entry `- name: github` with `overrides: github_source` in the root project is not a source of
 * its own; the keys it writes are applied over the package's source of that name, and each of its
 * tables over the package's table of the same name.
 */
import { CompileError, type StrataError } from '../errors/strata-error.js';
import type { ColumnProperties, PropertyFile, SourceProperties, SourceTableProperties } from '../config/property-file.js';

/** The source-level keys an override applies (dbt's list, plus `config` and `tables`). */
const SOURCE_KEYS = ['description', 'meta', 'database', 'schema', 'loader', 'quoting', 'freshness', 'loaded_at_field', 'tags', 'config'] as const;
/** The table-level keys an override applies. */
const TABLE_KEYS = ['description', 'meta', 'identifier', 'loaded_at_field', 'freshness', 'quoting', 'tags', 'config', 'external'] as const;

/** The overriding entries of a project's property files, by `<package>.<source name>`. */
export function sourceOverrides(files: readonly PropertyFile[]): Map<string, SourceProperties> {
  const overrides = new Map<string, SourceProperties>();
  for (const file of files) for (const source of file.sources) if (source.overrides !== undefined) overrides.set(`${source.overrides}.${source.name}`, source);
  return overrides;
}

/**
 * Checks that every override names a package source that exists (dbt fails on one that does not),
 * and every table it lists is one of that source's tables.
 */
export function unmatchedOverrides(overrides: ReadonlyMap<string, SourceProperties>, sourcesOf: (packageName: string) => readonly SourceProperties[] | undefined): StrataError[] {
  const errors: StrataError[] = [];
  for (const override of overrides.values()) {
    const packageSources = sourcesOf(override.overrides!);
    const base = packageSources?.find((source) => source.name === override.name);
    if (!base) {
      errors.push(
        new CompileError(`source '${override.name}' overrides ${packageSources ? `a source package '${override.overrides}' does not declare` : `package '${override.overrides}', which is not installed`}`, {
          location: override.location,
          hint: packageSources
            ? `Package '${override.overrides}' declares: ${packageSources.map((s) => s.name).join(', ') || 'no sources'}.`
            : 'Check the package name under packages.yml and dbt_packages/.',
        }),
      );
      continue;
    }
    for (const table of override.tables) {
      if (base.tables.some((t) => t.name === table.name)) continue;
      errors.push(
        new CompileError(`source '${override.name}' overrides table '${table.name}', which package '${override.overrides}' does not declare in it`, {
          location: table.location,
          hint: `Its tables: ${base.tables.map((t) => t.name).join(', ')}.`,
        }),
      );
    }
  }
  return errors;
}

/** `base` with what `override` writes applied over it. */
export function applySourceOverride(base: SourceProperties, override: SourceProperties): SourceProperties {
  const patched = withWrittenKeys(base, override, SOURCE_KEYS);
  patched.tables = base.tables.map((table) => {
    const tableOverride = override.tables.find((t) => t.name === table.name);
    return tableOverride ? applyTableOverride(table, tableOverride) : table;
  });
  return patched as unknown as SourceProperties;
}

/** A copy of `base` with the `keys` that `override` writes taken from it (`config` merged key by key). */
function withWrittenKeys<T extends { readonly config: Readonly<Record<string, unknown>>; readonly meta: Readonly<Record<string, unknown>>; readonly tags: readonly string[]; readonly writtenKeys?: readonly string[] }>(
  base: T,
  override: T,
  keys: readonly string[],
): Record<string, unknown> {
  const written = new Set(override.writtenKeys ?? []);
  const patched: Record<string, unknown> = { ...base };
  for (const key of keys) if (written.has(key)) patched[key] = key === 'config' ? { ...base.config, ...override.config } : override[key as keyof T];
  // meta and tags may also come through config: (the property file folds them in).
  if (written.has('config')) {
    patched.meta = { ...base.meta, ...override.meta };
    patched.tags = [...new Set([...base.tags, ...override.tags])];
  }
  return patched;
}

function applyTableOverride(base: SourceTableProperties, override: SourceTableProperties): SourceTableProperties {
  const written = new Set(override.writtenKeys ?? []);
  const patched = withWrittenKeys(base, override, TABLE_KEYS);
  // Columns by name: an override's column replaces the package's, new ones are added. Its tests are
  // declared by the overriding project and attached to the package's table separately.
  if (written.has('columns')) {
    const columns = new Map<string, ColumnProperties>(base.columns.map((c) => [c.name, c]));
    for (const column of override.columns) columns.set(column.name, { ...column, tests: columns.get(column.name)?.tests ?? [] });
    patched.columns = [...columns.values()];
  }
  return patched as unknown as SourceTableProperties;
}
