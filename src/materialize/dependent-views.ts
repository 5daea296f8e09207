/**
 * Views that depend on a relation about to be swapped. PostgreSQL binds a view to the relation's identity,
 * not its name: swapping the relation would leave them on the old one, and dropping it (dbt's `cascade`)
 * would silently drop them. They are dropped and re-created on the new relation in the swap's transaction.
 */
import { grantStatements } from './grants.js';
import { relationKey } from './input.js';
import type { DatabaseState, DependentView, GrantState, PlannedStatement, RelationName } from './plan.js';
import { quoteLiteral, renderRelation } from './sql-names.js';
import { embeddedSelect, relationKeyword, statement } from './statement.js';

export interface ViewToRecreate {
  readonly name: RelationName;
  readonly kind: DependentView['kind'];
  /** The SELECT it is re-created from. */
  readonly sql: string;
  /** From the project's own model SQL (true) or the catalog's definition (false). */
  readonly owned: boolean;
  readonly comment?: string;
  /** Privileges others hold on it, granted again after re-creating it (needs DatabaseState.grants). */
  readonly grants?: GrantState;
}

/**
 * Every view depending on `target`, directly or through other views, parents before children
 * (the order to create them in). Project view models come with their own compiled SQL.
 */
export async function collectDependentViews(
  target: RelationName,
  db: DatabaseState,
  ownedViews: ReadonlyMap<string, string> = new Map(),
): Promise<readonly ViewToRecreate[]> {
  const seen = new Set<string>([relationKey(target)]);
  const childrenFirst: ViewToRecreate[] = [];
  const visit = async (relation: RelationName): Promise<void> => {
    for (const view of await db.dependentViews(relation)) {
      const key = relationKey(view.name);
      if (seen.has(key)) continue;
      seen.add(key);
      await visit(view.name);
      const ownedSql = ownedViews.get(key);
      childrenFirst.push({
        name: view.name,
        kind: view.kind,
        sql: ownedSql ?? view.definition,
        owned: ownedSql !== undefined,
        comment: view.comment,
        grants: db.grants ? await db.grants(view.name) : undefined,
      });
    }
  };
  await visit(target);
  return childrenFirst.reverse();
}

/** Drops of the dependent views, children first, so none is dropped while another still depends on it. */
export function dropDependentViewStatements(views: readonly ViewToRecreate[]): PlannedStatement[] {
  return [...views].reverse().map((view) =>
    statement(`drop ${relationKeyword(view.kind)} ${renderRelation(view.name)}`, `drop dependent ${view.kind.replace('_', ' ')} ${view.name.identifier} to re-create it`),
  );
}

/** Re-creations of the dependent views on the new relation, parents first, with their comments and grants. */
export function recreateDependentViewStatements(views: readonly ViewToRecreate[]): PlannedStatement[] {
  return views.flatMap((view) => [
    statement(
      `create ${relationKeyword(view.kind)} ${renderRelation(view.name)} as ${embeddedSelect(view.sql)}`,
      `re-create dependent ${view.kind.replace('_', ' ')} ${view.name.identifier} from ${view.owned ? "the project's SQL" : 'its catalog definition'}`,
    ),
    ...(view.comment
      ? [statement(`comment on ${relationKeyword(view.kind)} ${renderRelation(view.name)} is ${quoteLiteral(view.comment)}`, `keep the comment of ${view.name.identifier}`)]
      : []),
    ...grantStatements(view.name, new Map(Object.entries(view.grants ?? {}))),
  ]);
}

/** The note telling a user which views a swap re-created. */
export function dependentViewsNote(views: readonly ViewToRecreate[]): string[] {
  if (views.length === 0) return [];
  const names = views.map((view) => `${view.name.schema}.${view.name.identifier}`).join(', ');
  return [`re-created ${views.length} dependent view${views.length === 1 ? '' : 's'}: ${names}`];
}
