/**
 * What a materialization is given: the compiled node, where it lives, and this run's identity.
 * Shared by every materialization (view, table, materialized_view, incremental, seed, …).
 */
import type { GraphNode } from '../parse/manifest.js';
import type { RelationName } from './plan.js';

/** A pre_hook/post_hook after rendering; `transaction: false` hooks run outside the build's transaction. */
export interface RenderedHook {
  readonly sql: string;
  readonly transaction: boolean;
}

export interface MaterializeInput {
  readonly node: GraphNode;
  /** Where the node lives. */
  readonly target: RelationName;
  /** The SELECT, already rendered (ephemeral CTEs already inlined). */
  readonly compiledSql: string;
  /** Unique per run: intermediate and backup names carry it, so a crashed run's leftovers are recognisable. */
  readonly runId: string;
  /** --full-refresh, already reconciled with the node's `full_refresh` config. */
  readonly fullRefresh: boolean;
  readonly preHooks: readonly RenderedHook[];
  readonly postHooks: readonly RenderedHook[];
  /**
   * Compiled SQL of the project's own view models by `relationKey`, so a view depending on a swapped
   * relation is re-created from the project's SQL rather than from the catalog's frozen definition.
   */
  readonly ownedViews?: ReadonlyMap<string, string>;
  /** The plan made without this was a guess that was refused (see runPlanned): plan the careful way. */
  readonly guessRefused?: boolean;
}

/** The key of `MaterializeInput.ownedViews`: `schema.identifier` as the catalog spells them (database left out, as in SQL). */
export function relationKey(name: RelationName): string {
  return `${name.schema}.${name.identifier}`;
}
