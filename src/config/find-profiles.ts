/**
 * Where profiles.yml is looked for, in order: `--profiles-dir`, STRATA_PROFILES_DIR,
 * DBT_PROFILES_DIR, the project directory, ~/.strata, ~/.dbt.
 */
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors/strata-error.js';
import type { Environment } from './env-var.js';

export interface ProfilesLookup {
  readonly projectDir: string;
  /** `--profiles-dir`. */
  readonly profilesDir?: string;
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Defaults to the user's home directory. */
  readonly homeDir?: string;
}

export interface ProfilesCandidate {
  /** Absolute path of a profiles.yml that may exist. */
  readonly path: string;
  /** Where the candidate comes from, for messages: `--profiles-dir`, `DBT_PROFILES_DIR`, … */
  readonly source: string;
  /** Named by the user (flag or environment): a missing file there is an error, not a reason to look further. */
  readonly explicit: boolean;
  /** Belongs to this project (flag, environment or project directory), unlike the shared files in the home directory. */
  readonly projectSpecific: boolean;
}

/** Every place profiles.yml is looked for, in order. */
export function profilesCandidates(lookup: ProfilesLookup): ProfilesCandidate[] {
  const env = lookup.env ?? process.env;
  const home = lookup.homeDir ?? homedir();
  const candidates: ProfilesCandidate[] = [];
  const explicit = (dir: string | undefined, source: string): void => {
    if (dir) candidates.push({ path: join(resolve(dir), 'profiles.yml'), source, explicit: true, projectSpecific: true });
  };
  explicit(lookup.profilesDir, '--profiles-dir');
  explicit(env.STRATA_PROFILES_DIR, 'STRATA_PROFILES_DIR');
  explicit(env.DBT_PROFILES_DIR, 'DBT_PROFILES_DIR');
  candidates.push({ path: join(resolve(lookup.projectDir), 'profiles.yml'), source: 'the project directory', explicit: false, projectSpecific: true });
  candidates.push({ path: join(home, '.strata', 'profiles.yml'), source: '~/.strata', explicit: false, projectSpecific: false });
  candidates.push({ path: join(home, '.dbt', 'profiles.yml'), source: '~/.dbt', explicit: false, projectSpecific: false });
  return candidates;
}

/**
 * The profiles.yml to use, or undefined when there is none anywhere. The first explicit place
 * (flag, then environment) decides: if it has no profiles.yml, that is an error.
 */
export async function findProfilesFile(lookup: ProfilesLookup): Promise<ProfilesCandidate | undefined> {
  const candidates = profilesCandidates(lookup);
  const firstExplicit = candidates.find((c) => c.explicit);
  if (firstExplicit) {
    if (await exists(firstExplicit.path)) return firstExplicit;
    throw new ConfigError(`no profiles.yml in ${firstExplicit.path.replace(/[/\\]profiles\.yml$/, '')} (given by ${firstExplicit.source})`, {
      hint: `Create profiles.yml there, or point ${firstExplicit.source} at the folder that holds it.`,
    });
  }
  for (const candidate of candidates) {
    if (await exists(candidate.path)) return candidate;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
