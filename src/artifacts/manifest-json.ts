import path from 'node:path';
import type { Manifest } from '../parse/manifest.js';
import { writeJsonStreamed } from './write-json.js';

/** dbt's manifest schema version these artifacts follow, for tools that check it. */
export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

/** The manifest as written to `target/manifest.json` (dbt's keys; no absolute paths of this machine). */
export function manifestJson(manifest: Manifest, invocationId: string, extras: ManifestExtras = {}, copyNodes = true): Record<string, unknown> {
  // Without copyNodes the nodes are used as they are (the writer leaves out absolute_path while
  // serialising): copying 36,000 nodes of a large project costs hundreds of megabytes.
  const strip = <T extends { unique_id: string }>(node: T): T => {
    const lineage = extras.columnLineage?.[node.unique_id];
    if (!copyNodes) return (lineage ? { ...node, column_lineage: lineage } : node) as T;
    const { absolute_path: _absolute, ...rest } = node as T & { absolute_path?: string };
    return (lineage ? { ...rest, column_lineage: lineage } : rest) as T;
  };
  return {
    metadata: {
      dbt_schema_version: MANIFEST_SCHEMA,
      strata_version: manifest.metadata.strata_version,
      generated_at: manifest.metadata.generated_at,
      invocation_id: invocationId,
      project_name: manifest.metadata.project_name,
      adapter_type: manifest.metadata.adapter_type,
      target_name: manifest.metadata.target_name,
    },
    nodes: Object.fromEntries(Object.entries(manifest.nodes).filter(([, n]) => n.resource_type !== 'unit_test').map(([id, n]) => [id, strip(n)])),
    sources: Object.fromEntries(Object.entries(manifest.sources).map(([id, n]) => [id, strip(n)])),
    macros: Object.fromEntries(Object.entries(manifest.macros).map(([id, n]) => [id, strip(n)])),
    parent_map: manifest.parent_map,
    child_map: manifest.child_map,
    disabled: manifest.disabled,
    // dbt keeps unit tests apart from the other nodes.
    unit_tests: Object.fromEntries(Object.entries(manifest.nodes).filter(([, n]) => n.resource_type === 'unit_test').map(([id, n]) => [id, strip(n)])),
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    docs: {},
  };
}

/** What strata knows beyond the Manifest itself and writes into manifest.json. */
export interface ManifestExtras {
  /** Column lineage by unique_id, written under each node as `column_lineage`. */
  readonly columnLineage?: Readonly<Record<string, unknown>>;
}

/**
 * Writes `<targetDir>/manifest.json`, one node at a time: the whole document as one string was
 * 80 MB for a 10,000-model project (and as much again as bytes to write), on top of the manifest.
 */
export async function writeManifest(targetDir: string, manifest: Manifest, invocationId: string, extras: ManifestExtras = {}): Promise<string> {
  const file = path.join(targetDir, 'manifest.json');
  await writeJsonStreamed(file, manifestPieces(manifestJson(manifest, invocationId, extras, false)));
  return file;
}

/** The manifest document's text, a key or a node at a time. */
function* manifestPieces(document: Record<string, unknown>): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(document)) {
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'nodes' || key === 'sources' || key === 'macros' || key === 'unit_tests') yield* nodePieces(value as Record<string, Record<string, unknown>>);
    else yield JSON.stringify(value);
  }
  yield '}';
}

/** `{"id": node, …}` with each node's machine-specific `absolute_path` left out. */
function* nodePieces(nodes: Readonly<Record<string, Record<string, unknown>>>): Generator<string> {
  yield '{';
  let first = true;
  for (const id in nodes) {
    const { absolute_path: _machinePath, ...node } = nodes[id]!;
    yield `${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(node)}`;
    first = false;
  }
  yield '}';
}
