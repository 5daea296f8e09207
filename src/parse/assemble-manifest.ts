import { createHash } from 'node:crypto';
import type { CompileSession } from './compile-session.js';
import type { AnyNode, GraphNode, MacroNode, Manifest, ProjectInfo, SourceNode, UnitTestNode } from './manifest.js';
import type { NodeDraft } from './node-draft.js';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** sha256 of a node's raw text, as dbt's checksum (state:modified compares it). */
export function checksumOf(text: string | Buffer): { name: 'sha256'; checksum: string } {
  return { name: 'sha256', checksum: createHash('sha256').update(text).digest('hex') };
}

type NodeChecksum = ReturnType<typeof checksumOf>;

/**
 * The checksum of `text`, one object for every node of the same text: generic tests of one kind
 * all have the same raw_code (`{{ test_unique(**_dbt_generic_test_kwargs) }}`). Checksums are never
 * changed once made.
 */
function sharedChecksumOf(text: string, checksums: Map<string, NodeChecksum> | undefined): NodeChecksum {
  let checksum = checksums?.get(text);
  if (!checksum) {
    checksum = checksumOf(text);
    checksums?.set(text, checksum);
  }
  return checksum;
}

/** Where `strata compile` writes a node's SQL, relative to the project (dbt's layout). */
export function compiledPathOf(targetPath: string, draft: NodeDraft): string {
  const { input } = draft;
  if (input.resource_type === 'test' && input.test?.metadata) {
    const dir = input.file.original_file_path.replace(/\/?[^/]*$/, '');
    return [targetPath, 'compiled', input.package_name, dir, `${input.shortName ?? input.name}.sql`].filter(Boolean).join('/');
  }
  return [targetPath, 'compiled', input.package_name, input.file.original_file_path].join('/');
}

/**
 * A finished draft as the Manifest's typed node. Built as one object with its keys always added in
 * the same order (not by spreading partial objects), because a large project has tens of thousands of nodes.
 */
export function nodeOf(draft: NodeDraft, targetPath: string, checksums?: Map<string, NodeChecksum>): GraphNode {
  const { input, config } = draft;
  const type = input.resource_type;
  if (type === 'unit_test') throw new Error(`${input.unique_id}: unit tests are built from property files, not compiled as drafts`);
  if (type !== 'seed' && type !== 'model' && type !== 'snapshot' && type !== 'analysis' && type !== 'test') {
    const unreachable: never = type;
    throw new Error(`unknown resource type ${String(unreachable)}`);
  }
  const relation = draft.relation ?? { database: '', schema: '', alias: input.name };
  const ephemeral = config.materialized === 'ephemeral';
  const node: Record<string, unknown> = {
    unique_id: input.unique_id,
    name: input.name,
    package_name: input.package_name,
    path: input.file.path,
    original_file_path: input.file.original_file_path,
    absolute_path: input.file.absolute_path,
    fqn: input.fqn,
    description: input.description,
    tags: config.tags,
    meta: config.meta,
    config,
    columns: input.columns,
  };
  if (input.patch_path) node.patch_path = input.patch_path;
  node.database = relation.database;
  node.schema = relation.schema;
  node.alias = relation.alias;
  node.relation_name =
    ephemeral || type === 'test' || type === 'analysis' ? undefined : `${quoteIdent(relation.database)}.${quoteIdent(relation.schema)}.${quoteIdent(relation.alias)}`;
  node.checksum = input.checksum ?? (type === 'test' ? sharedChecksumOf(input.raw_code, checksums) : checksumOf(input.raw_code));
  node.depends_on = { nodes: [...draft.dependsOn].sort(), macros: [...draft.macros].sort() };
  if (type !== 'seed') {
    node.raw_code = input.raw_code;
    node.language = 'sql';
    node.refs = draft.refs;
    node.sources = draft.sources;
    node.compiled_code = draft.compiled;
    node.compiled_path = draft.compiled === undefined ? undefined : compiledPathOf(targetPath, draft);
    node.needs_execute_render = draft.needsExecuteRender;
  }
  node.resource_type = type;
  if (type === 'model' && input.version !== undefined) {
    node.version = input.version;
    if (input.latestVersion !== undefined) node.latest_version = input.latestVersion;
  }
  if (type === 'test') {
    if (input.test?.metadata) node.test_metadata = input.test.metadata;
    if (input.test?.attached_node) node.attached_node = input.test.attached_node;
    if (input.test?.column_name) node.column_name = input.test.column_name;
  }
  return node as unknown as GraphNode;
}

/** The Manifest of a compiled session: enabled nodes, sources, macros and both edge maps. */
export function assembleManifest(options: {
  session: CompileSession;
  sources: readonly SourceNode[];
  macros: readonly MacroNode[];
  project: ProjectInfo;
  targetPath: string;
  strataVersion: string;
  /** Unit tests (built from property files after the session compiled), enabled and disabled. */
  unitTests?: { readonly nodes: readonly UnitTestNode[]; readonly disabled: readonly UnitTestNode[] };
}): Manifest {
  const nodes: Record<string, GraphNode> = {};
  const disabled: Record<string, AnyNode[]> = {};
  const checksums = new Map<string, NodeChecksum>();
  for (const draft of options.session.drafts.values()) {
    const node = nodeOf(draft, options.targetPath, checksums);
    if (draft.config.enabled === false) (disabled[node.unique_id] ??= []).push(node);
    else nodes[node.unique_id] = node;
  }
  for (const test of options.unitTests?.nodes ?? []) nodes[test.unique_id] = test;
  for (const test of options.unitTests?.disabled ?? []) (disabled[test.unique_id] ??= []).push(test);
  const sources: Record<string, SourceNode> = {};
  for (const source of options.sources) {
    if (source.config.enabled === false) (disabled[source.unique_id] ??= []).push(source);
    else sources[source.unique_id] = source;
  }
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of [...Object.keys(nodes), ...Object.keys(sources)]) {
    parentMap[id] = [];
    childMap[id] = [];
  }
  for (const node of Object.values(nodes)) {
    for (const parent of node.depends_on.nodes) {
      if (!(parent in childMap)) continue;
      parentMap[node.unique_id]!.push(parent);
      childMap[parent]!.push(node.unique_id);
    }
  }
  for (const list of Object.values(childMap)) list.sort();
  return {
    metadata: {
      strata_version: options.strataVersion,
      generated_at: new Date().toISOString(),
      project_name: options.project.name,
      adapter_type: options.project.adapter_type,
      target_name: options.project.target_name,
    },
    project: options.project,
    nodes,
    sources,
    macros: Object.fromEntries(options.macros.map((m) => [m.unique_id, m])),
    parent_map: parentMap,
    child_map: childMap,
    disabled,
  };
}
