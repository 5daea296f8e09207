/**
 * The SQL of a snapshot, following dbt-postgres's snapshot macros: the first run's table
 * (`build_snapshot_table`), the staging rows of a later run (`snapshot_staging_table`: which rows are
 * new versions, which current versions close, which keys disappeared) and the postgres merge
 * (`snapshot_merge_sql`: an update closing versions, then an insert of the new ones).
 *
 * Differences from dbt's text, not its results: every column is listed (no positional `union all` of
 * `*`), and names are quoted.
 */
import type { RelationName } from './plan.js';
import type { HardDeletes, SnapshotMetaColumns } from './snapshot-config.js';
import { quoteIdent, renderRelation } from './sql-names.js';

/** The time a snapshot run stamps on versions it makes without an updated_at (dbt-postgres's snapshot_get_time). */
export const snapshotTime = 'now()::timestamp without time zone';

/** Everything the snapshot SQL is made of, resolved against the query's and the table's columns. */
export interface SnapshotSql {
  /** The snapshot's SELECT. */
  readonly sql: string;
  /** Columns the SELECT returns, in order. */
  readonly sourceColumns: readonly string[];
  /** Key columns (resolved names). */
  readonly keys: readonly string[];
  /** SQL giving a row's version time, over the SELECT's columns: a quoted column, or `snapshotTime`. */
  readonly updatedAt: string;
  /** A current version (`snapshotted_data`) differs from its source row (`source_data`); used only on later runs. */
  readonly rowChanged: string;
  readonly hardDeletes: HardDeletes;
  readonly validToCurrent?: string;
  readonly meta: SnapshotMetaColumns;
}

/** dbt's snapshot_hash_arguments: md5 over the values cast to text, nulls as '', joined by '|'. */
function hashArguments(args: readonly string[]): string {
  return `md5(${args.map((arg) => `coalesce(cast(${arg} as varchar), '')`).join(` || '|' || `)})`;
}

/** dbt_valid_to of a current version: null, or dbt_valid_to_current, typed like the version time. */
function currentValidTo(s: SnapshotSql, updatedAt: string): string {
  return `coalesce(nullif(${updatedAt}, ${updatedAt}), ${s.validToCurrent ?? 'null'})`;
}

/** A version `alias` is current: dbt_valid_to null (or dbt_valid_to_current). */
export function isCurrentVersion(s: SnapshotSql, alias: string): string {
  const validTo = `${alias}.${quoteIdent(s.meta.dbt_valid_to)}`;
  return s.validToCurrent === undefined ? `${validTo} is null` : `(${validTo} = ${s.validToCurrent} or ${validTo} is null)`;
}

/** The SELECT of the first run's table: the query's rows, each its first version. */
export function firstSnapshotSelect(s: SnapshotSql): string {
  const m = s.meta;
  const columns = [
    `${hashArguments([...s.keys.map(quoteIdent), s.updatedAt])} as ${quoteIdent(m.dbt_scd_id)}`,
    `${s.updatedAt} as ${quoteIdent(m.dbt_updated_at)}`,
    `${s.updatedAt} as ${quoteIdent(m.dbt_valid_from)}`,
    `${currentValidTo(s, s.updatedAt)} as ${quoteIdent(m.dbt_valid_to)}`,
    ...(s.hardDeletes === 'new_record' ? [`'False'::text as ${quoteIdent(m.dbt_is_deleted)}`] : []),
  ];
  return `select *,\n  ${columns.join(',\n  ')}\nfrom (\n${s.sql.replace(/[\s;]+$/, '')}\n) as snapshot_query`;
}

/** Columns of the snapshot table a run writes: the query's, then the meta columns. */
export function snapshotInsertColumns(s: SnapshotSql): string[] {
  const m = s.meta;
  return [...s.sourceColumns, m.dbt_updated_at, m.dbt_valid_from, m.dbt_valid_to, m.dbt_scd_id, ...(s.hardDeletes === 'new_record' ? [m.dbt_is_deleted] : [])];
}

/**
 * The staging rows of a later run, each with a `dbt_change_type`: `insert` (a new key, a changed row, a
 * deleted key's deletion record), `update` (closes a changed row's current version) and `delete` (closes
 * a disappeared key's current version). Columns: dbt_change_type, then `snapshotInsertColumns`.
 */
export function snapshotStagingSelect(s: SnapshotSql, target: RelationName): string {
  const m = s.meta;
  const q = quoteIdent;
  const keyAlias = (i: number): string => `dbt_unique_key_${i + 1}`;
  const keyFields = s.keys.map((key, i) => `${q(key)} as ${keyAlias(i)}`).join(', ');
  const joinOn = s.keys.map((_, i) => `snapshotted_data.${keyAlias(i)} = source_data.${keyAlias(i)}`).join(' and ');
  const newRecord = s.hardDeletes === 'new_record';
  const invalidates = s.hardDeletes !== 'ignore';
  // A key marked deleted that shows up again is a new version even when its values did not change.
  const changed = newRecord ? `(${s.rowChanged} or snapshotted_data.${q(m.dbt_is_deleted)} = 'True')` : s.rowChanged;
  const sourceValues = (from: string): string => s.sourceColumns.map((c) => `${from}.${q(c)}`).join(', ');
  const isDeleted = (value: string): string => (newRecord ? `,\n    ${value} as ${q(m.dbt_is_deleted)}` : '');

  const ctes = [
    `snapshot_query as (\n${s.sql.replace(/[\s;]+$/, '')}\n)`,
    `snapshotted_data as (\n  select *, ${keyFields}\n  from ${renderRelation(target)} as snapshot\n  where ${isCurrentVersion(s, 'snapshot')}\n)`,
    `source_data as (\n  select *, ${keyFields},\n    ${s.updatedAt} as dbt_source_updated_at,\n    ${hashArguments([...s.keys.map(q), s.updatedAt])} as dbt_source_scd_id\n  from snapshot_query\n)`,
    `insertions as (\n  select 'insert' as dbt_change_type, ${sourceValues('source_data')},\n` +
      `    source_data.dbt_source_updated_at as ${q(m.dbt_updated_at)},\n` +
      `    source_data.dbt_source_updated_at as ${q(m.dbt_valid_from)},\n` +
      `    ${currentValidTo(s, 'source_data.dbt_source_updated_at')} as ${q(m.dbt_valid_to)},\n` +
      `    source_data.dbt_source_scd_id as ${q(m.dbt_scd_id)}${isDeleted(`'False'::text`)}\n` +
      `  from source_data\n  left join snapshotted_data on ${joinOn}\n` +
      `  where snapshotted_data.${keyAlias(0)} is null or ${changed}\n)`,
    `updates as (\n  select 'update' as dbt_change_type, ${sourceValues('source_data')},\n` +
      `    source_data.dbt_source_updated_at as ${q(m.dbt_updated_at)},\n` +
      `    source_data.dbt_source_updated_at as ${q(m.dbt_valid_from)},\n` +
      `    source_data.dbt_source_updated_at as ${q(m.dbt_valid_to)},\n` +
      `    snapshotted_data.${q(m.dbt_scd_id)}${isDeleted(`snapshotted_data.${q(m.dbt_is_deleted)}`)}\n` +
      `  from source_data\n  join snapshotted_data on ${joinOn}\n  where ${changed}\n)`,
  ];
  // Keys gone from the query; with new_record, not those whose current version already records the deletion.
  const disappeared =
    `  from snapshotted_data\n  left join source_data on ${joinOn}\n  where source_data.${keyAlias(0)} is null` +
    (newRecord ? ` and snapshotted_data.${q(m.dbt_is_deleted)} is distinct from 'True'` : '');
  if (invalidates) {
    ctes.push(
      `deletes as (\n  select 'delete' as dbt_change_type, ${sourceValues('source_data')},\n` +
        `    ${snapshotTime} as ${q(m.dbt_updated_at)},\n` +
        `    ${snapshotTime} as ${q(m.dbt_valid_from)},\n` +
        `    ${snapshotTime} as ${q(m.dbt_valid_to)},\n` +
        `    snapshotted_data.${q(m.dbt_scd_id)}${isDeleted(`snapshotted_data.${q(m.dbt_is_deleted)}`)}\n${disappeared}\n)`,
    );
  }
  if (newRecord) {
    ctes.push(
      `deletion_records as (\n  select 'insert' as dbt_change_type, ${sourceValues('snapshotted_data')},\n` +
        `    ${snapshotTime} as ${q(m.dbt_updated_at)},\n` +
        `    ${snapshotTime} as ${q(m.dbt_valid_from)},\n` +
        `    snapshotted_data.${q(m.dbt_valid_to)},\n` +
        `    ${hashArguments([`snapshotted_data.${q(m.dbt_scd_id)}`, snapshotTime])} as ${q(m.dbt_scd_id)},\n` +
        `    'True'::text as ${q(m.dbt_is_deleted)}\n${disappeared}\n)`,
    );
  }
  const branches = ['insertions', 'updates', ...(invalidates ? ['deletes'] : []), ...(newRecord ? ['deletion_records'] : [])];
  return `with ${ctes.join(',\n')}\n${branches.map((b) => `select * from ${b}`).join('\nunion all\n')}`;
}

/** dbt-postgres's snapshot_merge_sql: close the versions staged as `update`/`delete`, then insert those staged as `insert`. */
export function snapshotMergeSql(s: SnapshotSql, target: RelationName, staging: string): { close: string; insert: string } {
  const m = s.meta;
  const columns = snapshotInsertColumns(s).map(quoteIdent).join(', ');
  return {
    close:
      `update ${renderRelation(target)} as snapshot\nset ${quoteIdent(m.dbt_valid_to)} = staging.${quoteIdent(m.dbt_valid_to)}\n` +
      `from ${staging} as staging\nwhere staging.${quoteIdent(m.dbt_scd_id)}::text = snapshot.${quoteIdent(m.dbt_scd_id)}::text\n` +
      `  and staging.dbt_change_type in ('update', 'delete')\n  and ${isCurrentVersion(s, 'snapshot')}`,
    insert: `insert into ${renderRelation(target)} (${columns})\nselect ${columns}\nfrom ${staging} as staging\nwhere staging.dbt_change_type = 'insert'`,
  };
}
