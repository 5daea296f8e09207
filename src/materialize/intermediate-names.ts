/**
 * Names of the relations a build passes through: `<alias>__strata_tmp_<runId>` (being built) and
 * `<alias>__strata_backup_<runId>` (the previous relation during a swap). Unique to the run, so
 * leftovers of a crashed run are recognisable and never collide with this run's.
 */
import { createHash } from 'node:crypto';
import type { RelationName } from './plan.js';

export type IntermediateRole = 'tmp' | 'backup';

/** PostgreSQL silently truncates identifiers to NAMEDATALEN - 1 bytes; two names cut to the same prefix would collide. */
const maxIdentifierBytes = 63;

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `bytes` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, bytes: number): string {
  let out = '';
  for (const ch of text) {
    if (byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/** Room kept for the run tag, whatever its length, so an alias's prefix is the same in every run. */
const maxRunTagBytes = 16;

/** The run id as it appears in names: as given when short and plain, else a hash of it. */
function runTag(runId: string): string {
  return new RegExp(`^[A-Za-z0-9_]{1,${maxRunTagBytes}}$`).test(runId) ? runId : shortHash(runId, 12);
}

/**
 * The prefix every intermediate of `alias` in `role` starts with, whatever the run. Aliases too long to
 * leave room for the suffix are cut and tagged with a hash of the whole alias, so the prefix stays unique.
 */
export function intermediatePrefix(alias: string, role: IntermediateRole): string {
  const marker = `__strata_${role}_`;
  const room = maxIdentifierBytes - byteLength(marker) - maxRunTagBytes;
  if (byteLength(alias) <= room) return `${alias}${marker}`;
  return `${cutToBytes(alias, room - 9)}_${shortHash(alias, 8)}${marker}`;
}

/** The relation `target` is built into (`tmp`) or moved to during a swap (`backup`) in this run. */
export function intermediateRelation(target: RelationName, role: IntermediateRole, runId: string): RelationName {
  return { ...target, identifier: `${intermediatePrefix(target.identifier, role)}${runTag(runId)}` };
}

/** Whether `identifier` is an intermediate or backup of `target` left by a run other than `runId`. */
export function isLeftoverOf(identifier: string, target: RelationName, runId: string): boolean {
  return leftoverTest(target, runId)(identifier);
}

/**
 * `isLeftoverOf` for one target, its names worked out once: a run checks every relation of a schema
 * for every node it builds, and working them out per relation made that quadratic in earnest.
 */
export function leftoverTest(target: RelationName, runId: string): (identifier: string) => boolean {
  const tag = runTag(runId);
  const prefixes = (['tmp', 'backup'] as const).map((role) => intermediatePrefix(target.identifier, role));
  return (identifier) => identifier.includes('__strata_') && prefixes.some((prefix) => identifier.startsWith(prefix) && identifier !== `${prefix}${tag}`);
}
