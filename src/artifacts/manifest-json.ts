import path from 'node:path';
import type { Manifest } from '../parse/manifest.js';
import { writeJsonStreamed } from './write-json.js';

/** dbt's manifest schema version these artifacts follow, for tools that check it. */
export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

/** What strata knows beyond the Manifest itself and writes into manifest.json. */
export interface ManifestExtras {
  /** Column lineage by unique_id, written under each node as `column_lineage`. */
  readonly columnLineage?: Readonly<Record<string, unknown>>;
}

type ManifestEntry = { readonly unique_id: string; readonly absolute_path?: string };

/** A map of nodes in the document (`nodes`, `sources`, …), by unique_id, each written as manifestNode() makes it. */
class NodeMap {
  constructor(readonly nodes: () => Iterable<ManifestEntry>) {}
}

/** The keys of manifest.json in order, with each map of nodes still a NodeMap. */
function documentEntries(manifest: Manifest, invocationId: string): [string, unknown][] {
  const all = Object.values(manifest.nodes);
  return [
    [
      'metadata',
      {
        dbt_schema_version: MANIFEST_SCHEMA,
        strata_version: manifest.metadata.strata_version,
        generated_at: manifest.metadata.generated_at,
        invocation_id: invocationId,
        project_name: manifest.metadata.project_name,
        adapter_type: manifest.metadata.adapter_type,
        target_name: manifest.metadata.target_name,
      },
    ],
    ['nodes', new NodeMap(() => all.filter((n) => n.resource_type !== 'unit_test'))],
    ['sources', new NodeMap(() => Object.values(manifest.sources))],
    ['macros', new NodeMap(() => Object.values(manifest.macros))],
    ['parent_map', manifest.parent_map],
    ['child_map', manifest.child_map],
    ['disabled', manifest.disabled],
    // dbt keeps unit tests apart from the other nodes.
    ['unit_tests', new NodeMap(() => all.filter((n) => n.resource_type === 'unit_test'))],
    ['exposures', {}],
    ['metrics', {}],
    ['groups', {}],
    ['selectors', {}],
    ['docs', manifest.docs ?? {}],
  ];
}

/** A node as manifest.json holds it: without its machine-specific absolute_path, with its column lineage. */
function manifestNode(node: ManifestEntry, extras: ManifestExtras): Record<string, unknown> {
  const { absolute_path: _machinePath, ...rest } = node;
  const lineage = extras.columnLineage?.[node.unique_id];
  return lineage ? { ...rest, column_lineage: lineage } : rest;
}

/** The manifest as written to `target/manifest.json` (dbt's keys; no absolute paths of this machine). */
export function manifestJson(manifest: Manifest, invocationId: string, extras: ManifestExtras = {}): Record<string, unknown> {
  return Object.fromEntries(
    documentEntries(manifest, invocationId).map(([key, value]) => [
      key,
      value instanceof NodeMap ? Object.fromEntries([...value.nodes()].map((node) => [node.unique_id, manifestNode(node, extras)])) : value,
    ]),
  );
}

/**
 * Writes `<targetDir>/manifest.json`, one node at a time, read from the manifest as it is: the whole
 * document as one string was 80 MB for a 10,000-model project (and as much again as bytes to write),
 * and a copy of its maps of 36,000 nodes a tenth of the time it took to write.
 */
export async function writeManifest(targetDir: string, manifest: Manifest, invocationId: string, extras: ManifestExtras = {}): Promise<string> {
  const file = path.join(targetDir, 'manifest.json');
  await writeJsonStreamed(file, manifestPieces(documentEntries(manifest, invocationId), extras));
  return file;
}

/** The document's text (the same as JSON.stringify(manifestJson(…))), a key or a node at a time. */
function* manifestPieces(entries: [string, unknown][], extras: ManifestExtras): Generator<string> {
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}${JSON.stringify(key)}:`;
    if (!(value instanceof NodeMap)) {
      yield JSON.stringify(value);
      continue;
    }
    yield '{';
    let first = true;
    for (const node of value.nodes()) {
      yield `${first ? '' : ','}${JSON.stringify(node.unique_id)}:${nodeText(node, extras)}`;
      first = false;
    }
    yield '}';
  }
  yield '}';
}

/** JSON.stringify(manifestNode(node)), with the lineage added to the node's text instead of to a copy of it. */
function nodeText(node: ManifestEntry, extras: ManifestExtras): string {
  const { absolute_path: _machinePath, ...rest } = node;
  const text = JSON.stringify(rest);
  const lineage = extras.columnLineage?.[node.unique_id];
  if (!lineage || 'column_lineage' in rest) return lineage ? JSON.stringify(manifestNode(node, extras)) : text;
  return text === '{}' ? `{"column_lineage":${JSON.stringify(lineage)}}` : `${text.slice(0, -1)},"column_lineage":${JSON.stringify(lineage)}}`;
}
