/**
 * Result-column type names. PostgreSQL sends only a type OID with each column; built-in OIDs are
 * fixed across versions, so the common ones are named here without a round trip, and anything
 * else (domains, enums, extension types) is looked up once per adapter with format_type.
 */

const BUILTIN_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [16, 'boolean'],
  [17, 'bytea'],
  [18, '"char"'],
  [19, 'name'],
  [20, 'bigint'],
  [21, 'smallint'],
  [23, 'integer'],
  [25, 'text'],
  [26, 'oid'],
  [114, 'json'],
  [142, 'xml'],
  [700, 'real'],
  [701, 'double precision'],
  [790, 'money'],
  [869, 'inet'],
  [1000, 'boolean[]'],
  [1005, 'smallint[]'],
  [1007, 'integer[]'],
  [1009, 'text[]'],
  [1016, 'bigint[]'],
  [1021, 'real[]'],
  [1022, 'double precision[]'],
  [1042, 'character'],
  [1043, 'character varying'],
  [1082, 'date'],
  [1083, 'time without time zone'],
  [1114, 'timestamp without time zone'],
  [1184, 'timestamp with time zone'],
  [1186, 'interval'],
  [1231, 'numeric[]'],
  [1266, 'time with time zone'],
  [1700, 'numeric'],
  [2249, 'record'],
  [2950, 'uuid'],
  [3802, 'jsonb'],
  [705, 'unknown'],
]);

/** Resolves type OIDs to names, asking the database (through `lookup`) for the ones it does not know. */
export class TypeNameResolver {
  private readonly known = new Map<number, string>(BUILTIN_TYPE_NAMES);

  /** `lookup` runs `select oid, format_type(oid, null) …` on a live connection. */
  async resolve(oids: readonly number[], lookup: (missing: number[]) => Promise<ReadonlyMap<number, string>>): Promise<string[]> {
    const missing = [...new Set(oids.filter((oid) => !this.known.has(oid)))];
    if (missing.length > 0) {
      const found = await lookup(missing);
      for (const oid of missing) this.known.set(oid, found.get(oid) ?? `oid ${oid}`);
    }
    return oids.map((oid) => this.known.get(oid) as string);
  }
}

/** The SQL that names types by OID; `$1` is an int array. */
export const TYPE_NAME_LOOKUP_SQL = 'select oid::int as oid, format_type(oid, null) as name from pg_catalog.pg_type where oid = any($1::oid[])';
