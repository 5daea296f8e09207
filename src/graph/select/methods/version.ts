/** `version:latest|prerelease|old|none` for versioned models. */
import type { GraphNode } from '../../../parse/manifest.js';
import { selectionError } from '../selection-error.js';
import { idsWhere, type SelectorMethod } from './method.js';

type VersionValue = string | number | undefined;

const VERSION_KINDS: Record<string, (version: VersionValue, latest: VersionValue) => boolean> = {
  latest: (v, latest) => v !== undefined && (latest === undefined || compareVersions(v, latest) === 0),
  prerelease: (v, latest) => v !== undefined && latest !== undefined && compareVersions(v, latest) > 0,
  old: (v, latest) => v !== undefined && latest !== undefined && compareVersions(v, latest) < 0,
  none: (v) => v === undefined,
};

export const versionMethod: SelectorMethod = (context, criterion) => {
  const predicate = VERSION_KINDS[criterion.value];
  if (!predicate) {
    throw selectionError(criterion.origin, `'${criterion.raw}': invalid version selector '${criterion.value}'`, 'Expected one of: latest, prerelease, old, none.');
  }
  return idsWhere(context.index.parsed, (node) => {
    if (node.resource_type !== 'model') return false;
    return predicate(node.version, latestVersionOf(node));
  });
};

function latestVersionOf(node: GraphNode): VersionValue {
  const latest = (node as unknown as Record<string, unknown>).latest_version;
  return typeof latest === 'string' || typeof latest === 'number' ? latest : undefined;
}

/** Numeric versions compare as numbers, others as strings (as dbt does). */
function compareVersions(a: string | number, b: string | number): number {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
