/**
 * dbt's default naming of a node's relation, used when the project does not override the
 * `generate_schema_name`, `generate_alias_name` or `generate_database_name` macros.
 */

/** Custom schema `x` becomes `<target schema>_x`; no custom schema means the target's schema. */
export function defaultSchemaName(customSchema: string | null | undefined, targetSchema: string): string {
  if (customSchema === null || customSchema === undefined || String(customSchema).trim() === '') return targetSchema;
  return `${targetSchema}_${String(customSchema).trim()}`;
}

/** The alias config, else the node's name (versioned models get `_v<version>`). */
export function defaultAliasName(customAlias: string | null | undefined, nodeName: string, version?: string | number): string {
  if (customAlias !== null && customAlias !== undefined && String(customAlias).trim() !== '') return String(customAlias).trim();
  return version === undefined ? nodeName : `${nodeName}_v${version}`;
}

/** The database config, else the target's database. */
export function defaultDatabaseName(customDatabase: string | null | undefined, targetDatabase: string): string {
  if (customDatabase === null || customDatabase === undefined || String(customDatabase).trim() === '') return targetDatabase;
  return String(customDatabase).trim();
}
