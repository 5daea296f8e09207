/**
 * The read-only view of the database that materializations plan against, answered from the
 * adapter's Catalog cache where the cache holds the answer (relations, columns, schemas) and by a
 * catalog query otherwise. Queries that create something to ask about it (a temporary view to type
 * a query's columns) run in a transaction that is always rolled back.
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
} from '../materialize/plan.js';
import type { Adapter, Connection } from './adapter.js';
import { quoteIdentifier } from './quoting.js';
import { makeRelation } from './relation.js';

const KIND_BY_RELKIND: Readonly<Record<string, RelationKind>> = { r: 'table', p: 'partitioned_table', v: 'view', m: 'materialized_view', f: 'foreign_table' };

/** A DatabaseState over a live adapter (one per run, sharing the adapter's catalog cache). */
export function databaseStateFor(adapter: Adapter): DatabaseState {
  const catalog = adapter.catalog;
  const toRelation = (name: RelationName) => makeRelation(name.database, name.schema, name.identifier);
  let versionNum: Promise<number> | undefined;

  /**
   * Runs `work` in a transaction that is rolled back, with an empty search_path so printed definitions
   * are schema-qualified. The session's own search_path is read first only for work that needs it
   * (a probe view resolves the query's names as the build will): a round trip less for the others.
   */
  const inThrowawayTransaction = <T>(work: (connection: Connection, searchPath: string) => Promise<T>, { needsSearchPath = false } = {}): Promise<T> =>
    adapter.withConnection(async (connection) => {
      const outcome: { value?: T } = {};
      try {
        await connection.transaction(async (tx) => {
          const searchPath = needsSearchPath ? (await tx.query<{ path: string }>(`select pg_catalog.current_setting('search_path') as path`)).rows[0]!.path : '';
          await tx.query(`select pg_catalog.set_config('search_path', '', true)`);
          outcome.value = await work(tx, searchPath);
          throw ROLLBACK;
        });
      } catch (error) {
        if (error !== ROLLBACK) throw error;
      }
      return outcome.value as T;
    });

  /** A temporary view of `sql`, made with the session's own search_path (its unqualified names resolve as they will when built). */
  const createProbeView = async (tx: Connection, searchPath: string, name: string, sql: string): Promise<void> => {
    await tx.query(`select pg_catalog.set_config('search_path', $1, true)`, [searchPath]);
    await tx.query(`create temporary view ${quoteIdentifier(name)} as (\n${sql.replace(/[\s;]+$/, '')}\n)`);
    await tx.query(`select pg_catalog.set_config('search_path', '', true)`);
  };

  return {
    async relation(name: RelationName): Promise<ExistingRelation | undefined> {
      const found = await catalog.getRelation(name);
      return found ? { name, kind: found.kind } : undefined;
    },

    async columns(name: RelationName): Promise<readonly ColumnState[]> {
      const columns = await catalog.getColumns(toRelation(name));
      return columns.map((column) => ({ name: column.name, data_type: column.dataType }));
    },

    async schemaExists(schema: string): Promise<boolean> {
      return catalog.schemaExists(schema);
    },

    async listRelations(schema: string, where?: (identifier: string) => boolean): Promise<readonly ExistingRelation[]> {
      const relations = await catalog.listRelations(schema, where);
      return relations.map((entry) => ({ name: { database: adapter.database, schema, identifier: entry.relation.identifier }, kind: entry.kind }));
    },

    async queryColumns(sql: string): Promise<readonly ColumnState[]> {
      // PostgreSQL types every column of a view without running its query.
      return inThrowawayTransaction(async (tx, searchPath) => {
        await createProbeView(tx, searchPath, 'strata_query_columns', sql);
        const { rows } = await tx.query<{ name: string; data_type: string }>(
          `select a.attname::text as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as data_type
             from pg_catalog.pg_attribute a
            where a.attrelid = 'pg_temp.strata_query_columns'::pg_catalog.regclass and a.attnum > 0
            order by a.attnum`,
        );
        return rows;
      }, { needsSearchPath: true });
    },

    async queryDefinition(sql: string): Promise<string> {
      return inThrowawayTransaction(async (tx, searchPath) => {
        await createProbeView(tx, searchPath, 'strata_query_definition', sql);
        const { rows } = await tx.query<{ definition: string }>(
          `select pg_catalog.pg_get_viewdef('pg_temp.strata_query_definition'::pg_catalog.regclass) as definition`,
        );
        return rows[0]!.definition;
      }, { needsSearchPath: true });
    },

    async viewDefinition(name: RelationName): Promise<string | undefined> {
      return inThrowawayTransaction(async (tx) => {
        const { rows } = await tx.query<{ definition: string | null }>(
          `select pg_catalog.pg_get_viewdef(c.oid) as definition
             from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = $2 and c.relkind in ('v', 'm')`,
          [name.schema, name.identifier],
        );
        return rows[0]?.definition ?? undefined;
      });
    },

    async dependentViews(name: RelationName): Promise<readonly DependentView[]> {
      // Direct dependents only: the materialization walks down from each (see collectDependentViews).
      return inThrowawayTransaction(async (tx) => {
        const { rows } = await tx.query<{ schema: string; identifier: string; relkind: string; definition: string; comment: string | null }>(
          `select distinct n.nspname::text as schema, v.relname::text as identifier, v.relkind::text as relkind,
                  pg_catalog.pg_get_viewdef(v.oid) as definition, pg_catalog.obj_description(v.oid, 'pg_class') as comment
             from pg_catalog.pg_depend d
             join pg_catalog.pg_rewrite r on r.oid = d.objid
             join pg_catalog.pg_class v on v.oid = r.ev_class
             join pg_catalog.pg_namespace n on n.oid = v.relnamespace
            where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
              and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
              and d.refobjid = (select c.oid from pg_catalog.pg_class c join pg_catalog.pg_namespace s on s.oid = c.relnamespace
                                 where s.nspname = $1 and c.relname = $2)
              and v.oid <> d.refobjid
              and v.relkind in ('v', 'm')
            order by 1, 2`,
          [name.schema, name.identifier],
        );
        return rows.map((row) => ({
          name: { database: name.database, schema: row.schema, identifier: row.identifier },
          kind: row.relkind === 'm' ? 'materialized_view' : 'view',
          definition: row.definition,
          ...(row.comment ? { comment: row.comment } : {}),
        }));
      });
    },

    serverVersionNum(): Promise<number> {
      versionNum ??= adapter.withConnection(async (connection) => {
        const { rows } = await connection.query<{ version: number }>(`select current_setting('server_version_num')::int as version`);
        return rows[0]!.version;
      });
      versionNum.catch(() => (versionNum = undefined));
      return versionNum;
    },

    async indexes(name: RelationName): Promise<readonly IndexState[]> {
      const { rows } = await adapter.withConnection((connection) =>
        connection.query<{ name: string; unique: boolean; method: string; columns: string[] }>(
          `select i.relname::text as name, ix.indisunique as unique, am.amname::text as method,
                  array(select pg_catalog.pg_get_indexdef(ix.indexrelid, k, true) from generate_series(1, ix.indnatts) k) as columns
             from pg_catalog.pg_index ix
             join pg_catalog.pg_class i on i.oid = ix.indexrelid
             join pg_catalog.pg_am am on am.oid = i.relam
             join pg_catalog.pg_class t on t.oid = ix.indrelid
             join pg_catalog.pg_namespace n on n.oid = t.relnamespace
            where n.nspname = $1 and t.relname = $2
            order by 1`,
          [name.schema, name.identifier],
        ),
      );
      return rows.map((row) => ({ ...row, columns: row.columns.map(unquoteIdentifier) }));
    },

    async grants(name: RelationName): Promise<GrantState> {
      const { rows } = await adapter.withConnection((connection) =>
        connection.query<{ privilege: string; grantee: string }>(
          `select lower(a.privilege_type) as privilege,
                  case when a.grantee = 0 then 'public' else pg_catalog.pg_get_userbyid(a.grantee)::text end as grantee
             from pg_catalog.pg_class c
             join pg_catalog.pg_namespace n on n.oid = c.relnamespace,
                  pg_catalog.aclexplode(c.relacl) a
            where n.nspname = $1 and c.relname = $2 and a.grantee <> c.relowner
            order by 1, 2`,
          [name.schema, name.identifier],
        ),
      );
      const grants: Record<string, string[]> = {};
      for (const row of rows) (grants[row.privilege] ??= []).push(row.grantee);
      return grants;
    },
  };
}

const ROLLBACK = Symbol('rollback');

/** An index column as pg_get_indexdef prints it, without identifier quotes (expressions stay as printed). */
function unquoteIdentifier(column: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(column);
  return quoted ? quoted[1]!.replaceAll('""', '"') : column;
}
