/**
 * The query dbt's postgres `collect_freshness` runs: the newest `loaded_at_field` of the source
 * (of its rows matching `filter`) and the database's clock, so the age does not depend on the
 * clock of the machine running strata.
 */
export function freshnessQuery(relationName: string, loadedAtField: string, filter: string | null): string {
  const where = filter ? `\nwhere ${filter}` : '';
  return `select\n  max(${loadedAtField}) as max_loaded_at,\n  now() as snapshotted_at\nfrom ${relationName}${where}`;
}
