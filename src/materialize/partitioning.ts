/**
 * `partition_by: {field, granularity: day|month|year}` → a PostgreSQL range-partitioned table, with one
 * partition per period of the data (plus a default partition for NULLs) created before the insert.
 * dbt-postgres has no such config; BigQuery users know the shape.
 */
import { createHash } from 'node:crypto';
import type { GraphNode } from '../parse/manifest.js';
import { contractTable, isContractEnforced } from './contract.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import type { ColumnState, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, quoteLiteral, renderRelation, userIdentifier } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';

export type PartitionGranularity = 'day' | 'month' | 'year';

export interface PartitionConfig {
  /** The partition key column, as the relation holds it. */
  readonly field: string;
  readonly granularity: PartitionGranularity;
}

const partitionHint = 'write partition_by as {field: <date or timestamp column>, granularity: day|month|year}';

/** The node's `partition_by` config, validated; undefined when not partitioned. */
export function readPartitionConfig(node: GraphNode): PartitionConfig | undefined {
  const raw = node.config.partition_by;
  if (raw === undefined || raw === null) return undefined;
  const fail = (message: string): never => {
    throw new MaterializationConfigError(`${node.unique_id}: ${message}`, nodeErrorOptions(node, partitionHint));
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail(`partition_by must be a mapping, got ${JSON.stringify(raw)}`);
  const entry = raw as Record<string, unknown>;
  const field = typeof entry.field === 'string' ? userIdentifier(entry.field) : undefined;
  if (field === undefined) return fail('partition_by.field must name a column');
  const granularity = (entry.granularity ?? 'day') as unknown;
  if (granularity !== 'day' && granularity !== 'month' && granularity !== 'year') {
    return fail(`partition_by.granularity must be day, month or year, got ${JSON.stringify(granularity)}`);
  }
  if (node.config.unlogged === true) fail('a partitioned table cannot be unlogged in PostgreSQL; drop unlogged or partition_by');
  return { field, granularity };
}

const partitionableTypes = ['date', 'timestamp without time zone', 'timestamp with time zone'];

function partitionKeyType(node: GraphNode, partition: PartitionConfig, columns: readonly ColumnState[]): string {
  const column = columns.find((c) => c.name === partition.field);
  const type = column?.data_type.replace(/\(\d+\)/, '');
  if (!column || !type || !partitionableTypes.includes(type)) {
    throw new MaterializationConfigError(
      `${node.unique_id}: partition_by.field ${partition.field} ${column ? `is ${column.data_type}, not a date or timestamp` : 'is not a column of the query'}`,
      nodeErrorOptions(node, partitionHint),
    );
  }
  return type === 'timestamp with time zone' ? 'timestamptz' : 'timestamp';
}

/** A dollar-quote tag the embedded SQL does not contain. */
function dollarTag(sql: string): string {
  let tag = '$strata$';
  for (let n = 1; sql.includes(tag); n += 1) tag = `$strata${n}$`;
  return tag;
}

/** Partition names: `<alias>_p<YYYYMMDD>` (alias cut so names fit in 63 bytes). */
function finalPartitionPrefix(target: RelationName): string {
  let alias = target.identifier;
  while (Buffer.byteLength(alias, 'utf8') > 40) alias = alias.slice(0, -1);
  return `${alias}_p`;
}

/** While the previous table still holds the final names, new partitions carry a suffix of the run. */
function buildSuffix(runId: string): string {
  return `_${createHash('sha256').update(runId).digest('hex').slice(0, 6)}`;
}

export interface PartitionedBuild {
  readonly node: GraphNode;
  readonly on: RelationName;
  readonly target: RelationName;
  readonly sql: string;
  readonly partition: PartitionConfig;
  readonly queryColumns: readonly ColumnState[];
  readonly unlogged: boolean;
  readonly runId: string;
}

/** Create the partitioned table, its partitions for the data's range and a default one, then fill it. */
export function partitionedBuildStatements(build: PartitionedBuild): PlannedStatement[] {
  const { node, on, target, sql, partition } = build;
  const boundType = partitionKeyType(node, partition, build.queryColumns);
  const partitionClause = `partition by range (${quoteIdent(partition.field)})`;
  const suffix = on.identifier === target.identifier ? '' : buildSuffix(build.runId);
  const prefix = finalPartitionPrefix(target);
  const columns = build.queryColumns.map((column) => quoteIdent(column.name)).join(', ');

  let create: string;
  let insert: string;
  if (isContractEnforced(node)) {
    const table = contractTable(node, on, sql, { unlogged: build.unlogged, partitionClause });
    create = table.createSql;
    insert = table.insertSql;
  } else {
    const definitions = build.queryColumns.map((column) => `${quoteIdent(column.name)} ${column.data_type}`).join(',\n    ');
    create = `create ${build.unlogged ? 'unlogged ' : ''}table ${renderRelation(on)} (\n    ${definitions}\n) ${partitionClause}`;
    insert = `insert into ${renderRelation(on)} (${columns})\nselect ${columns}\nfrom ${embeddedSelect(sql)} as model_subq`;
  }

  const tag = dollarTag(sql);
  const step = `interval ${quoteLiteral(`1 ${partition.granularity}`)}`;
  const schema = quoteLiteral(on.schema);
  const parent = quoteLiteral(on.identifier);
  const createPartitions = [
    `do ${tag}`,
    'declare',
    `  lower_bound ${boundType};`,
    `  upper_bound ${boundType};`,
    `  bound ${boundType};`,
    'begin',
    `  select date_trunc(${quoteLiteral(partition.granularity)}, min(${quoteIdent(partition.field)})), date_trunc(${quoteLiteral(partition.granularity)}, max(${quoteIdent(partition.field)}))`,
    `    into lower_bound, upper_bound`,
    `  from ${embeddedSelect(sql)} as model_subq;`,
    '  bound := lower_bound;',
    '  while bound <= upper_bound loop',
    `    execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',`,
    `      ${schema}, ${quoteLiteral(prefix)} || to_char(bound, 'YYYYMMDD') || ${quoteLiteral(suffix)}, ${schema}, ${parent}, bound, bound + ${step});`,
    `    bound := bound + ${step};`,
    '  end loop;',
    `  execute format('create table %I.%I partition of %I.%I default', ${schema}, ${quoteLiteral(`${prefix}default${suffix}`)}, ${schema}, ${parent});`,
    `end ${tag}`,
  ].join('\n');

  return [
    statement(create, 'create the partitioned table'),
    statement(createPartitions, `create a partition per ${partition.granularity} of the data, and a default one`),
    statement(insert, 'fill the table', true),
  ];
}

/** After a swap: the new partitions take the final names the previous table's partitions held. */
export function partitionRenameStatement(target: RelationName, runId: string): PlannedStatement {
  const suffix = buildSuffix(runId);
  const tag = '$strata$';
  const sql = [
    `do ${tag}`,
    'declare',
    '  part record;',
    'begin',
    '  for part in',
    '    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid',
    `    where i.inhparent = ${quoteLiteral(renderRelation(target))}::regclass and right(c.relname, ${suffix.length}) = ${quoteLiteral(suffix)}`,
    '  loop',
    `    execute format('alter table %I.%I rename to %I', ${quoteLiteral(target.schema)}, part.relname, left(part.relname, length(part.relname) - ${suffix.length}));`,
    '  end loop;',
    `end ${tag}`,
  ].join('\n');
  return statement(sql, 'give the partitions their final names');
}
