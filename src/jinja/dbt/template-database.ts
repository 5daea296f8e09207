/** What templates may ask of a live database (run_query, statement blocks, adapter introspection). */
export interface TemplateDatabase {
  query(sql: string): Promise<QueryTable>;
  columns(relation: { database: string | null; schema: string | null; identifier: string | null }): Promise<{ name: string; data_type: string }[]>;
  relationType(relation: { database: string | null; schema: string | null; identifier: string | null }): Promise<'table' | 'view' | 'materialized_view' | undefined>;
}

/** A query's result as templates see it. */
export interface QueryTable {
  readonly columnNames: readonly string[];
  readonly columnTypes: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly rowCount: number;
  /** The command tag, e.g. `SELECT 3`. */
  readonly status: string;
}
