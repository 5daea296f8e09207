import type { Adapter } from '../adapters/adapter.js';
import { makeRelation } from '../adapters/relation.js';
import type { QueryTable, TemplateDatabase } from '../jinja/dbt/template-database.js';

/** What `run_query`, `statement` blocks and `adapter.get_columns_in_relation` reach during a run. */
export function liveTemplateDatabase(adapter: Adapter): TemplateDatabase {
  return {
    async query(sql: string): Promise<QueryTable> {
      const result = await adapter.withConnection((connection) => connection.query(sql));
      const columnNames = result.fields.map((f) => f.name);
      return {
        columnNames,
        columnTypes: result.fields.map((f) => f.typeName),
        rows: result.rows.map((row) => columnNames.map((name) => row[name])),
        rowCount: result.rowCount ?? result.rows.length,
        status: [result.command, result.rowCount].filter((part) => part !== null && part !== '').join(' '),
      };
    },
    async columns(relation) {
      if (!relation.schema || !relation.identifier) return [];
      const columns = await adapter.catalog.getColumns(makeRelation(relation.database ?? adapter.database, relation.schema, relation.identifier));
      return columns.map((c) => ({ name: c.name, data_type: c.dataType }));
    },
    async relationType(relation) {
      if (!relation.schema || !relation.identifier) return undefined;
      const found = await adapter.catalog.getRelation({ schema: relation.schema, identifier: relation.identifier });
      if (!found) return undefined;
      return found.kind === 'view' || found.kind === 'materialized_view' ? found.kind : 'table';
    },
  };
}
