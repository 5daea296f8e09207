/**
 * The `grants` config: `{select: ['reporter', 'bi']}`. A relation built new (a swap, a first build) only
 * needs grants; one kept in place (a view replaced in place, a refreshed materialized view) also has what
 * the config no longer grants revoked, as dbt's apply_grants does.
 */
import type { GraphNode } from '../parse/manifest.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import type { GrantState, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, renderRelation, userIdentifier } from './sql-names.js';
import { statement } from './statement.js';

/** privilege (lowercase) → grantees (catalog spelling; `public` for PUBLIC). */
export type GrantConfig = ReadonlyMap<string, readonly string[]>;

const privileges = new Set(['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger', 'maintain', 'all']);
const grantsHint = "write grants as {select: ['role_a', 'role_b']}: privilege names as keys, role names as values";

/** The node's `grants` config, validated. Throws MaterializationConfigError naming the bad entry. */
export function readGrantConfig(node: GraphNode): GrantConfig {
  const raw = node.config.grants;
  const config = new Map<string, string[]>();
  if (raw === undefined || raw === null) return config;
  const fail = (message: string): never => {
    throw new MaterializationConfigError(`${node.unique_id}: ${message}`, nodeErrorOptions(node, grantsHint));
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail(`grants must be a mapping, got ${JSON.stringify(raw)}`);
  for (const [privilegeWritten, granteesRaw] of Object.entries(raw as Record<string, unknown>)) {
    // dbt's `+grants` merge can leave the key with its plus sign.
    const privilege = privilegeWritten.replace(/^\+/, '').trim().toLowerCase().replace(/^all privileges$/, 'all');
    if (!privileges.has(privilege)) fail(`grants: unknown privilege ${JSON.stringify(privilegeWritten)}`);
    const list = typeof granteesRaw === 'string' ? [granteesRaw] : granteesRaw ?? [];
    if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) {
      return fail(`grants.${privilegeWritten} must be a role name or a list of role names`);
    }
    const grantees = list.map((written: string) => {
      if (written.trim().toLowerCase() === 'public') return 'public';
      const name = userIdentifier(written);
      return name ?? fail(`grants.${privilegeWritten}: ${JSON.stringify(written)} is not a role name`);
    });
    config.set(privilege, [...new Set([...(config.get(privilege) ?? []), ...grantees])]);
  }
  return config;
}

function renderGrantee(grantee: string): string {
  return grantee === 'public' ? 'public' : quoteIdent(grantee);
}

/**
 * Grants (and with `existing`, revokes) that make the privileges on `on` what the config says.
 * `existing` undefined means a relation built new in this run: nothing to revoke.
 */
export function grantStatements(on: RelationName, config: GrantConfig, existing?: GrantState): PlannedStatement[] {
  const statements: PlannedStatement[] = [];
  const held = (privilege: string): readonly string[] => existing?.[privilege] ?? [];
  if (existing) {
    for (const [privilege, grantees] of Object.entries(existing)) {
      const revoked = grantees.filter((grantee) => !(config.get(privilege) ?? []).includes(grantee));
      if (revoked.length === 0) continue;
      statements.push(
        statement(
          `revoke ${privilege} on ${renderRelation(on)} from ${revoked.map(renderGrantee).join(', ')}`,
          `revoke ${privilege} no longer granted by config`,
        ),
      );
    }
  }
  for (const [privilege, grantees] of config) {
    const added = grantees.filter((grantee) => !held(privilege).includes(grantee));
    if (added.length === 0) continue;
    statements.push(statement(`grant ${privilege} on ${renderRelation(on)} to ${added.map(renderGrantee).join(', ')}`, `grant ${privilege}`));
  }
  return statements;
}
