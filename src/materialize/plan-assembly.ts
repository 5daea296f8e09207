/** Putting the parts of a relation build into the phase order every relation materialization shares. */
import type { HookStatements } from './hooks.js';
import type { ExistingRelation, Plan, PlannedStatement, RelationName } from './plan.js';
import { createSchemaPhase } from './schema-phase.js';

export interface RelationBuild {
  readonly target: RelationName;
  /** Whether the target's schema is known to exist already (then no `create schema` is planned). */
  readonly schemaExists?: boolean;
  readonly preHooks: HookStatements;
  readonly postHooks: HookStatements;
  /** Drops of a crashed run's intermediates: their own transaction, so they stay dropped even if the build fails. */
  readonly cleanup: readonly PlannedStatement[];
  /** Build, indexes, docs, grants and swap: one transaction, so a failure leaves the previous relation as it was. */
  readonly build: readonly PlannedStatement[];
  readonly notes: readonly string[];
  readonly creates: readonly ExistingRelation[];
  readonly drops: readonly RelationName[];
  /** See Plan.replanOn. */
  readonly replanOn?: string;
}

/**
 * Phases in dbt's order: schema (unless known to exist); `transaction: false` pre-hooks; leftovers cleanup; one transaction of
 * pre-hooks, build and post-hooks; `transaction: false` post-hooks. Empty phases are left out.
 */
export function assembleRelationPlan(build: RelationBuild): Plan {
  const phases = [
    ...(build.schemaExists ? [] : [createSchemaPhase(build.target)]),
    { transactional: false, statements: build.preHooks.outside },
    { transactional: true, statements: build.cleanup },
    { transactional: true, statements: [...build.preHooks.inside, ...build.build, ...build.postHooks.inside] },
    { transactional: false, statements: build.postHooks.outside },
  ].filter((phase) => phase.statements.length > 0);
  return { target: build.target, phases, notes: build.notes, creates: build.creates, drops: build.drops, ...(build.replanOn ? { replanOn: build.replanOn } : {}) };
}
