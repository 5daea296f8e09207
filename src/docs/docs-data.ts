import type { CatalogJson, CatalogTableJson } from './catalog-json.js';
import { docsColumnLineage, type DocsColumnLineage } from './column-lineage.js';

/** The resource types the page lists, in the order it lists them. */
export const DOCS_RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'source', 'analysis', 'test'] as const;
export type DocsResourceType = (typeof DOCS_RESOURCE_TYPES)[number];

export interface DocsColumn {
  readonly name: string;
  /** From the catalog when connected, else the declared data_type. */
  readonly type?: string;
  readonly description: string;
  /** Short names of the tests on this column (`unique`, `not_null`, `relationships`, …). */
  readonly tests: readonly { readonly id: string; readonly name: string }[];
}

/** One node as the page shows it. */
export interface DocsNode {
  readonly id: string;
  readonly name: string;
  readonly type: DocsResourceType;
  readonly package: string;
  readonly path: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly materialized?: string;
  readonly relation?: string;
  /** The catalog's relation type (`BASE TABLE`, `VIEW`) when connected. */
  readonly relationType?: string;
  readonly sourceName?: string;
  readonly columns: readonly DocsColumn[];
  readonly rawCode?: string;
  readonly compiledCode?: string;
  readonly parents: readonly string[];
  readonly children: readonly string[];
  /** Tests of the node as a whole (column tests are on the columns). */
  readonly tests: readonly string[];
  /** For a test: the node it tests, and the column. */
  readonly testedNode?: string;
  readonly testedColumn?: string;
  readonly columnLineage?: Readonly<Record<string, DocsColumnLineage>>;
}

/** Everything the page needs, embedded in it as JSON. */
export interface DocsData {
  readonly project: string;
  readonly generatedAt: string;
  /** Column types came from the database. */
  readonly hasCatalog: boolean;
  readonly nodes: readonly DocsNode[];
}

/** A column as the manifest declares it. */
interface ColumnInput {
  readonly name: string;
  readonly description?: string;
  readonly data_type?: string;
}

/** The slice of a node the page reads (fields of the Manifest's nodes and of manifest.json). */
export interface DocsNodeInput {
  readonly unique_id: string;
  readonly name: string;
  readonly resource_type: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly config?: { readonly materialized?: string };
  readonly columns?: Readonly<Record<string, ColumnInput>>;
  readonly relation_name?: string;
  readonly raw_code?: string;
  readonly compiled_code?: string;
  readonly depends_on?: { readonly nodes?: readonly string[] };
  readonly source_name?: string;
  readonly test_metadata?: { readonly name: string };
  readonly attached_node?: string;
  readonly column_name?: string;
}

/** The slice of a manifest the page reads: the in-memory Manifest and manifest.json both fit. */
export interface DocsManifestInput {
  readonly metadata: { readonly project_name: string; readonly generated_at: string };
  readonly nodes: Readonly<Record<string, DocsNodeInput>>;
  readonly sources: Readonly<Record<string, DocsNodeInput>>;
  readonly parent_map?: Readonly<Record<string, readonly string[]>>;
  readonly child_map?: Readonly<Record<string, readonly string[]>>;
}

/** The page's data: the manifest's documented nodes, with column types from the catalog and tests attached to columns. */
export function buildDocsData(manifest: DocsManifestInput, catalog?: CatalogJson): DocsData {
  const inputs = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)].filter((node) => isDocsType(node.resource_type));
  const testsByNode = new Map<string, { whole: string[]; byColumn: Map<string, { id: string; name: string }[]> }>();
  for (const test of inputs) {
    if (test.resource_type !== 'test' || !test.attached_node) continue;
    let entry = testsByNode.get(test.attached_node);
    if (!entry) testsByNode.set(test.attached_node, (entry = { whole: [], byColumn: new Map() }));
    if (test.column_name === undefined) entry.whole.push(test.unique_id);
    else {
      const list = entry.byColumn.get(test.column_name) ?? [];
      list.push({ id: test.unique_id, name: test.test_metadata?.name ?? test.name });
      entry.byColumn.set(test.column_name, list);
    }
  }
  const nodes = inputs
    .map((input) => docsNode(input, manifest, catalog?.nodes[input.unique_id] ?? catalog?.sources[input.unique_id], testsByNode.get(input.unique_id)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { project: manifest.metadata.project_name, generatedAt: manifest.metadata.generated_at, hasCatalog: catalog !== undefined, nodes };
}

function docsNode(
  input: DocsNodeInput,
  manifest: DocsManifestInput,
  table: CatalogTableJson | undefined,
  tests: { whole: string[]; byColumn: Map<string, { id: string; name: string }[]> } | undefined,
): DocsNode {
  const columnLineage = docsColumnLineage(input);
  const parents = manifest.parent_map?.[input.unique_id] ?? input.depends_on?.nodes ?? [];
  const children = manifest.child_map?.[input.unique_id] ?? [];
  const type = input.resource_type as DocsResourceType;
  return {
    id: input.unique_id,
    name: type === 'source' && input.source_name ? `${input.source_name}.${input.name}` : input.name,
    type,
    package: input.package_name,
    path: input.original_file_path,
    description: input.description ?? '',
    tags: input.tags ?? [],
    ...(type !== 'source' && input.config?.materialized ? { materialized: input.config.materialized } : {}),
    ...(input.relation_name ? { relation: input.relation_name } : {}),
    ...(table ? { relationType: table.metadata.type } : {}),
    ...(input.source_name ? { sourceName: input.source_name } : {}),
    columns: mergeColumns(input.columns ?? {}, table, columnLineage, tests?.byColumn),
    ...(input.raw_code !== undefined ? { rawCode: input.raw_code } : {}),
    ...(input.compiled_code !== undefined ? { compiledCode: input.compiled_code } : {}),
    parents: [...parents],
    children: [...children],
    tests: tests?.whole ?? [],
    ...(input.attached_node ? { testedNode: input.attached_node } : {}),
    ...(input.column_name !== undefined ? { testedColumn: input.column_name } : {}),
    ...(columnLineage ? { columnLineage } : {}),
  };
}

/**
 * Columns in the order the relation has them: the database's order when connected, else the
 * order the SQL outputs them (column lineage), else as declared; declared columns the others do
 * not know are kept at the end, since their descriptions are documentation too.
 */
function mergeColumns(
  declared: Readonly<Record<string, ColumnInput>>,
  table: CatalogTableJson | undefined,
  lineage: Readonly<Record<string, DocsColumnLineage>> | undefined,
  tests: Map<string, { id: string; name: string }[]> | undefined,
): DocsColumn[] {
  const declaredByName = new Map(Object.values(declared).map((column) => [column.name.toLowerCase(), column]));
  const catalogColumns = table ? Object.values(table.columns).sort((a, b) => a.index - b.index) : [];
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (name === '*' || seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    names.push(name);
  };
  for (const column of catalogColumns) add(column.name);
  for (const name of Object.keys(lineage ?? {})) add(name);
  for (const column of declaredByName.values()) add(column.name);
  const testsByName = new Map<string, { id: string; name: string }[]>();
  for (const [name, list] of tests ?? []) testsByName.set(name.toLowerCase(), list);
  return names.map((name) => {
    const spec = declaredByName.get(name.toLowerCase());
    const type = catalogColumns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.type ?? spec?.data_type;
    return {
      name,
      ...(type ? { type } : {}),
      description: spec?.description ?? '',
      tests: testsByName.get(name.toLowerCase()) ?? [],
    };
  });
}

function isDocsType(type: string): type is DocsResourceType {
  return (DOCS_RESOURCE_TYPES as readonly string[]).includes(type);
}
