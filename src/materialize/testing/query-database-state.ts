/**
 * A DatabaseState over a plain query function, reading PostgreSQL's catalog. The executor provides the
 * real one (with a cache); this one serves tests and shows the catalog queries each question needs.
 */
import type {
  ColumnState,
  DatabaseState,
  DependentView,
  ExistingRelation,
  GrantState,
  IndexState,
  RelationKind,
  RelationName,
} from '../plan.js';
import { renderRelation } from '../sql-names.js';
import type { QueryFn } from './test-database.js';

const kinds: Readonly<Record<string, RelationKind>> = { r: 'table', p: 'partitioned_table', v: 'view', m: 'materialized_view', f: 'foreign_table' };

/** A DatabaseState answering from the catalog through `query`; `database` names the relations it lists. */
export function queryDatabaseState(query: QueryFn, database = 'postgres'): DatabaseState {
  /** Runs `work` in a transaction that is always rolled back, with an empty search_path so definitions come out schema-qualified. */
  const inThrowawayTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await query('begin');
    try {
      await query(`select set_config('search_path', '', true)`);
      return await work();
    } finally {
      await query('rollback');
    }
  };

  return {
    async relation(name: RelationName): Promise<ExistingRelation | undefined> {
      const { rows } = await query(
        `select c.relkind::text as relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
        [name.schema, name.identifier],
      );
      const relkind = rows[0]?.relkind as string | undefined;
      return relkind === undefined ? undefined : { name, kind: kinds[relkind] ?? 'other' };
    },

    async columns(name: RelationName): Promise<readonly ColumnState[]> {
      const { rows } = await query(
        `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as data_type
         from pg_attribute a where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [renderRelation(name)],
      );
      return rows.map((row) => ({ name: row.name as string, data_type: row.data_type as string }));
    },

    async viewDefinition(name: RelationName): Promise<string | undefined> {
      return inThrowawayTransaction(async () => {
        const { rows } = await query(`select pg_catalog.pg_get_viewdef(pg_catalog.to_regclass($1)) as definition`, [renderRelation(name)]);
        return (rows[0]?.definition as string | null) ?? undefined;
      });
    },

    async queryDefinition(sql: string): Promise<string> {
      return inThrowawayTransaction(async () => {
        await query(`set local search_path = "$user", public`);
        await query(`create temporary view strata_query_definition as (\n${sql.replace(/[\s;]+$/, '')}\n)`);
        await query(`set local search_path = ''`);
        const { rows } = await query(`select pg_catalog.pg_get_viewdef('pg_temp.strata_query_definition'::pg_catalog.regclass) as definition`);
        return rows[0]!.definition as string;
      });
    },

    async queryColumns(sql: string): Promise<readonly ColumnState[]> {
      // A temporary view, rolled back: PostgreSQL types every column without running the query.
      return inThrowawayTransaction(async () => {
        await query(`set local search_path = "$user", public`);
        await query(`create temporary view strata_query_columns as (\n${sql.replace(/[\s;]+$/, '')}\n)`);
        const { rows } = await query(
          `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as data_type
           from pg_attribute a where a.attrelid = 'strata_query_columns'::regclass and a.attnum > 0 order by a.attnum`,
        );
        return rows.map((row) => ({ name: row.name as string, data_type: row.data_type as string }));
      });
    },

    async dependentViews(name: RelationName): Promise<readonly DependentView[]> {
      return inThrowawayTransaction(async () => {
        const { rows } = await query(
          `select distinct n.nspname::text as schema, v.relname::text as identifier, v.relkind::text as relkind,
                  pg_catalog.pg_get_viewdef(v.oid) as definition, pg_catalog.obj_description(v.oid, 'pg_class') as comment
           from pg_catalog.pg_depend d
           join pg_catalog.pg_rewrite r on r.oid = d.objid
           join pg_catalog.pg_class v on v.oid = r.ev_class
           join pg_catalog.pg_namespace n on n.oid = v.relnamespace
           where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
             and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
             and d.refobjid = pg_catalog.to_regclass($1)
             and v.oid <> d.refobjid
             and v.relkind in ('v', 'm')
           order by 1, 2`,
          [renderRelation(name)],
        );
        return rows.map((row) => ({
          name: { database, schema: row.schema as string, identifier: row.identifier as string },
          kind: row.relkind === 'm' ? 'materialized_view' : 'view',
          definition: row.definition as string,
          ...(row.comment ? { comment: row.comment as string } : {}),
        }));
      });
    },

    async serverVersionNum(): Promise<number> {
      const { rows } = await query(`select current_setting('server_version_num')::int as version`);
      return rows[0]!.version as number;
    },

    async schemaExists(schema: string): Promise<boolean> {
      const { rows } = await query(`select exists (select from pg_namespace where nspname = $1) as found`, [schema]);
      return rows[0]!.found as boolean;
    },

    async listRelations(schema: string): Promise<readonly ExistingRelation[]> {
      const { rows } = await query(
        `select c.relname::text as identifier, c.relkind::text as relkind
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'f') order by 1`,
        [schema],
      );
      return rows.map((row) => ({ name: { database, schema, identifier: row.identifier as string }, kind: kinds[row.relkind as string]! }));
    },

    async indexes(name: RelationName): Promise<readonly IndexState[]> {
      const { rows } = await query(
        `select i.relname::text as name, ix.indisunique as unique, am.amname::text as method,
                array(select pg_get_indexdef(ix.indexrelid, k, true) from generate_series(1, ix.indnatts) k) as columns
         from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_am am on am.oid = i.relam
         where ix.indrelid = to_regclass($1) order by 1`,
        [renderRelation(name)],
      );
      return rows.map((row) => ({
        name: row.name as string,
        unique: row.unique as boolean,
        method: row.method as string,
        columns: (row.columns as string[]).map((column) => column.replace(/^"(.*)"$/, '$1').replaceAll('""', '"')),
      }));
    },

    async grants(name: RelationName): Promise<GrantState> {
      const { rows } = await query(
        `select lower(a.privilege_type) as privilege, case when a.grantee = 0 then 'public' else pg_get_userbyid(a.grantee)::text end as grantee
         from pg_class c, aclexplode(c.relacl) a where c.oid = to_regclass($1) and a.grantee <> c.relowner order by 1, 2`,
        [renderRelation(name)],
      );
      const grants: Record<string, string[]> = {};
      for (const row of rows) (grants[row.privilege as string] ??= []).push(row.grantee as string);
      return grants;
    },
  };
}
