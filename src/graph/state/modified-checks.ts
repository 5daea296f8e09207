/**
 * The comparisons behind `state:modified` and its sub-selectors, between a node now and the same
 * unique_id in the previous manifest (dbt's same_body, same_config, same_database_representation,
 * same_persisted_description, same_contract, upstream macros).
 */
import type { AnyNode, Manifest } from '../../parse/manifest.js';
import type { PreviousManifest, PreviousNode } from './previous-state.js';
import { sameValue } from './same-value.js';

/** Config keys that describe where a node is built, compared by `.relation` rather than `.configs`. */
const RELATION_KEYS = ['database', 'schema', 'alias'] as const;

/** The SQL (or seed file) changed: checksums differ. */
export function sameBody(now: AnyNode, old: PreviousNode): boolean {
  if (now.resource_type === 'source') return true;
  return now.checksum.checksum === old.checksum?.checksum;
}

/** Config is the same, leaving out database/schema/alias (those are `.relation`). */
export function sameConfig(now: AnyNode, old: PreviousNode): boolean {
  return sameValue(withoutRelationKeys(now.config), withoutRelationKeys(old.config ?? {}));
}

/**
 * Database, schema and alias as configured are the same. The configured values are compared, not
 * the rendered relation name, so comparing a prod manifest with a CI build under another target
 * does not mark every node modified. Sources compare their database, schema and identifier.
 */
export function sameRelation(now: AnyNode, old: PreviousNode): boolean {
  if (now.resource_type === 'source') {
    return now.database === old.database && now.schema === old.schema && now.identifier === old.identifier;
  }
  const configured = (config: Readonly<Record<string, unknown>> | undefined) =>
    RELATION_KEYS.map((key) => config?.[key]);
  const oldConfig = old.unrendered_config ?? old.config;
  return sameValue(configured(now.config), configured(oldConfig));
}

/** Descriptions persisted to the database (persist_docs) are the same. */
export function samePersistedDescriptions(now: AnyNode, old: PreviousNode): boolean {
  const persist = (now.config.persist_docs ?? {}) as { relation?: boolean; columns?: boolean };
  if (persist.relation && now.description !== (old.description ?? '')) return false;
  if (persist.columns) {
    const describe = (columns: Readonly<Record<string, { description?: string }>> | undefined) =>
      Object.fromEntries(Object.entries(columns ?? {}).map(([name, c]) => [name, c.description ?? '']));
    if (!sameValue(describe(now.columns), describe(old.columns))) return false;
  }
  return true;
}

/** An enforced contract's columns (name and data type) are the same. */
export function sameContract(now: AnyNode, old: PreviousNode): boolean {
  const enforced = (config: Readonly<Record<string, unknown>> | undefined) =>
    Boolean((config?.contract as { enforced?: boolean } | undefined)?.enforced);
  if (!enforced(now.config) && !enforced(old.config)) return true;
  const shape = (columns: Readonly<Record<string, { name?: string; data_type?: string }>> | undefined) =>
    Object.entries(columns ?? {}).map(([name, c]) => [name, c.data_type ?? null]);
  return enforced(now.config) === enforced(old.config) && sameValue(shape(now.columns), shape(old.columns));
}

/** Everything `state:modified` compares besides macros. */
export function sameContents(now: AnyNode, old: PreviousNode): boolean {
  if (!sameValue(now.fqn, old.fqn)) return false;
  if (now.resource_type === 'source') {
    return (
      sameRelation(now, old) &&
      sameConfig(now, old) &&
      sameValue(now.freshness, old.freshness) &&
      now.loaded_at_field === old.loaded_at_field
    );
  }
  return (
    sameBody(now, old) &&
    sameConfig(now, old) &&
    samePersistedDescriptions(now, old) &&
    sameRelation(now, old) &&
    sameContract(now, old)
  );
}

/**
 * A checker of "does this node use a macro that changed", directly or through other macros.
 * Macros are compared by their SQL; added and removed macros count as changed.
 */
export function macroChangeDetector(manifest: Manifest, previous: PreviousManifest): (node: AnyNode) => boolean {
  const changed = new Set<string>();
  for (const [id, macro] of Object.entries(manifest.macros)) {
    const old = previous.macros[id];
    if (!old || old.macro_sql !== macro.macro_sql) changed.add(id);
  }
  for (const id of Object.keys(previous.macros)) if (!(id in manifest.macros)) changed.add(id);
  if (changed.size === 0) return () => false;

  // Memoised per macro: does it, or anything it calls, change?
  const verdict = new Map<string, boolean>();
  const macroChanged = (root: string): boolean => {
    const known = verdict.get(root);
    if (known !== undefined) return known;
    const stack = [root];
    const seen = new Set<string>([root]);
    let result = false;
    while (stack.length > 0 && !result) {
      const id = stack.pop()!;
      if (changed.has(id) || verdict.get(id) === true) result = true;
      else for (const dep of manifest.macros[id]?.depends_on.macros ?? []) if (!seen.has(dep)) (seen.add(dep), stack.push(dep));
    }
    verdict.set(root, result);
    return result;
  };
  return (node) => {
    if (node.resource_type === 'source') return false;
    return node.depends_on.macros.some(macroChanged);
  };
}

function withoutRelationKeys(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of RELATION_KEYS) delete copy[key];
  return copy;
}
