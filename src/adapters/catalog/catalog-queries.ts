import type { Connection } from '../adapter.js';
import { makeRelation, type Relation } from '../relation.js';

/** What a relation is, by pg_class.relkind. */
export type RelationKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'partitioned_table';

const KIND_BY_RELKIND: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
  p: 'partitioned_table',
};

export interface CatalogRelation {
  readonly relation: Relation;
  readonly kind: RelationKind;
}

export interface CatalogColumn {
  readonly name: string;
  /** As format_type prints it, with modifiers: `character varying(20)`, `numeric(10,2)`. */
  readonly dataType: string;
  /** 1-based position among the live (not dropped) columns. */
  readonly ordinal: number;
}

/** A view (or materialized view) that depends on a relation, with the SQL to create it again. */
export interface DependentView {
  readonly relation: Relation;
  readonly kind: 'view' | 'materialized_view';
  /** The view's query as pg_get_viewdef prints it (no CREATE prefix, no trailing semicolon). */
  readonly definition: string;
  /** 1 for views reading the relation directly, 2 for views over those, …; create in ascending order. */
  readonly depth: number;
}

/** Names of all schemas. */
export async function querySchemaNames(connection: Connection): Promise<Set<string>> {
  const result = await connection.query<{ nspname: string }>('select nspname from pg_catalog.pg_namespace');
  return new Set(result.rows.map((row) => row.nspname));
}

/** Tables, views, materialized views, foreign and partitioned tables of one schema. */
export async function queryRelations(connection: Connection, database: string, schema: string): Promise<CatalogRelation[]> {
  const result = await connection.query<{ relname: string; relkind: string }>(
    `select c.relname, c.relkind::text as relkind
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'v', 'm', 'f', 'p') and not c.relispartition
      order by c.relname`,
    [schema],
  );
  return result.rows.map((row) => ({
    relation: makeRelation(database, schema, row.relname),
    kind: KIND_BY_RELKIND[row.relkind] as RelationKind,
  }));
}

/** Live columns of a relation in order; empty when it does not exist. */
export async function queryColumns(connection: Connection, relation: Relation): Promise<CatalogColumn[]> {
  const result = await connection.query<{ name: string; data_type: string; ordinal: number }>(
    `select a.attname as name,
            pg_catalog.format_type(a.atttypid, a.atttypmod) as data_type,
            (row_number() over (order by a.attnum))::int as ordinal
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class c on c.oid = a.attrelid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [relation.schema, relation.identifier],
  );
  return result.rows.map((row) => ({ name: row.name, dataType: row.data_type, ordinal: row.ordinal }));
}

/**
 * Views depending on `relation`, directly or through other views. A view's dependency on a table
 * is recorded in pg_depend against the view's rewrite rule (pg_rewrite), not the view itself.
 */
export async function queryDependentViews(connection: Connection, relation: Relation): Promise<DependentView[]> {
  const result = await connection.query<{ nspname: string; relname: string; relkind: string; depth: number; definition: string }>(
    `with recursive dependents(oid, depth) as (
         select r.ev_class, 1
           from pg_catalog.pg_depend d
           join pg_catalog.pg_rewrite r on r.oid = d.objid
          where d.classid = 'pg_catalog.pg_rewrite'::regclass
            and d.refclassid = 'pg_catalog.pg_class'::regclass
            and d.refobjid = (select c.oid from pg_catalog.pg_class c
                                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                               where n.nspname = $1 and c.relname = $2)
            and r.ev_class <> d.refobjid
       union
         select r.ev_class, dependents.depth + 1
           from dependents
           join pg_catalog.pg_depend d on d.refobjid = dependents.oid
           join pg_catalog.pg_rewrite r on r.oid = d.objid
          where d.classid = 'pg_catalog.pg_rewrite'::regclass
            and d.refclassid = 'pg_catalog.pg_class'::regclass
            and r.ev_class <> dependents.oid
     )
     select n.nspname, c.relname, c.relkind::text as relkind, max(dependents.depth)::int as depth,
            pg_catalog.pg_get_viewdef(c.oid, true) as definition
       from dependents
       join pg_catalog.pg_class c on c.oid = dependents.oid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('v', 'm')
      group by n.nspname, c.relname, c.relkind, c.oid
      order by depth, n.nspname, c.relname`,
    [relation.schema, relation.identifier],
  );
  return result.rows.map((row) => ({
    relation: makeRelation(relation.database, row.nspname, row.relname),
    kind: row.relkind === 'm' ? 'materialized_view' : 'view',
    definition: row.definition.trim().replace(/;$/, ''),
    depth: row.depth,
  }));
}

/** How many views deep a select from `relation` goes (0 for a table, 1 for a view over tables, …). */
export async function queryViewNestingDepth(connection: Connection, relation: Relation): Promise<number> {
  const result = await connection.query<{ depth: number | null }>(
    `with recursive below(oid, depth) as (
         select c.oid, case when c.relkind = 'v' then 1 else 0 end
           from pg_catalog.pg_class c
           join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relname = $2
       union
         select d.refobjid, below.depth + 1
           from below
           join pg_catalog.pg_rewrite r on r.ev_class = below.oid
           join pg_catalog.pg_depend d on d.objid = r.oid
                and d.classid = 'pg_catalog.pg_rewrite'::regclass
                and d.refclassid = 'pg_catalog.pg_class'::regclass
           join pg_catalog.pg_class ref on ref.oid = d.refobjid and ref.relkind = 'v'
          where d.refobjid <> below.oid
     )
     select max(depth)::int as depth from below`,
    [relation.schema, relation.identifier],
  );
  return result.rows[0]?.depth ?? 0;
}
