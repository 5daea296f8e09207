/**
 * Choosing the connection target: the project's profile in profiles.yml, the target named by
 * `--target` or the profile's `target:`, validated per `type:` into a TargetConfig. With no
 * profiles.yml anywhere and no `profile:` in the project, the built-in pglite target is used.
 */
import { ConfigError, type StrataError } from '../errors/strata-error.js';
import { BUILTIN_TARGET_NAME, builtinPgliteTarget } from './builtin-target.js';
import { isMapping } from './config-tree.js';
import { findProfilesFile, profilesCandidates, type ProfilesLookup } from './find-profiles.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { renderYamlStrings } from './render-yaml.js';
import type { ConfigRenderer } from './renderer.js';
import {
  KNOWN_OUTPUT_KEYS,
  OUTPUT_TYPES,
  pgliteOutputSchema,
  postgresOutputSchema,
  toPgliteTarget,
  toPostgresTarget,
} from './target-schema.js';
import type { TargetConfig } from './target.js';
import type { ConfigWarning, WithWarnings } from './warnings.js';
import { frameAt, gathered, locateKeyPath, readYamlFile, type YamlFile } from './yaml-file.js';
import { validateWithSchema } from './zod-errors.js';

export interface ResolveTargetOptions extends ProfilesLookup {
  /** The project's `profile:` (undefined when it names none). */
  readonly profile?: string;
  /** `--target`; otherwise STRATA_TARGET, DBT_TARGET, then the profile's `target:`. */
  readonly target?: string;
  /** Renders `{{ env_var(...) }}` in the chosen profile (secrets are allowed here). */
  readonly render: ConfigRenderer;
}

export interface ResolvedTarget {
  readonly target: TargetConfig;
  /** The profiles.yml read (absolute), or undefined for the built-in target. */
  readonly profilesFile?: string;
  readonly builtin: boolean;
}

/** Finds profiles.yml, picks the profile and target, and returns the validated TargetConfig. */
export async function resolveTarget(options: ResolveTargetOptions): Promise<WithWarnings<ResolvedTarget>> {
  const env = options.env ?? process.env;
  const candidate = await findProfilesFile(options);
  const targetOverride = options.target ?? env.STRATA_TARGET ?? env.DBT_TARGET;
  if (!candidate || (options.profile === undefined && !candidate.projectSpecific)) {
    if (options.profile !== undefined) {
      // A fresh clone has no profiles.yml (it holds credentials, so it is not committed): build into
      // the embedded database rather than refuse, and say so, so a missing file is never a surprise.
      const looked = profilesCandidates(options).map((c) => c.path);
      const builtin = builtinTargetFor(targetOverride, options.profile);
      return {
        value: builtin,
        warnings: [
          {
            message: `no profiles.yml found for profile "${options.profile}" (looked in ${looked.join(', ')}); using the embedded database at ${(builtin.target as { path: string }).path}`,
          },
        ],
      };
    }
    return { value: builtinTargetFor(targetOverride), warnings: [] };
  }
  const yamlFile = await readYamlFile(candidate.path, candidate.path, { redactFrames: true });
  const resolved = await targetFromProfilesFile(yamlFile, options.profile, targetOverride, options.render);
  return { value: { ...resolved.value, profilesFile: candidate.path }, warnings: resolved.warnings };
}

/** The built-in target; a `--target` other than `dev` cannot be satisfied by it. */
export function builtinTargetFor(targetOverride?: string, profile?: string): ResolvedTarget {
  if (targetOverride !== undefined && targetOverride !== BUILTIN_TARGET_NAME) {
    throw new ConfigError(`target "${targetOverride}" does not exist: no profiles.yml was found, and the built-in target is "${BUILTIN_TARGET_NAME}"`, {
      hint: 'Create a profiles.yml with that target, or drop --target.',
    });
  }
  const target = builtinPgliteTarget();
  return { target: profile === undefined ? target : { ...target, profile }, builtin: true };
}

/** Picks and validates a target from a parsed profiles.yml. */
export async function targetFromProfilesFile(
  yamlFile: YamlFile,
  profileName: string | undefined,
  targetOverride: string | undefined,
  render: ConfigRenderer,
): Promise<WithWarnings<ResolvedTarget>> {
  const warnings: ConfigWarning[] = [];
  const top: unknown = yamlFile.value;
  if (!isMapping(top)) {
    throw new ConfigError('profiles.yml must be a mapping of profile names to profiles', { location: locateKeyPath(yamlFile, []) });
  }
  const profileNames = Object.keys(top).filter((name) => name !== 'config');
  const profile = profileName ?? onlyProfile(profileNames, yamlFile);
  if (!isMapping(top[profile])) {
    throw new ConfigError(`profile "${profile}" not found in ${yamlFile.file}`, {
      location: { file: yamlFile.file },
      hint: profileNames.length > 0 ? `It has: ${profileNames.join(', ')}.` : 'It has no profiles.',
    });
  }

  const targetKeyErrors = await renderYamlStrings(yamlFile, render, (path) => path[0] === profile && path[1] === 'target');
  if (targetKeyErrors.length > 0) throw gathered(targetKeyErrors);
  const rendered = yamlFile.value as Record<string, Record<string, unknown>>;
  const profileValue = rendered[profile]!;
  const targetName = targetOverride ?? (typeof profileValue.target === 'string' ? profileValue.target : 'default');
  const outputs = profileValue.outputs;
  if (!isMapping(outputs)) {
    throw new ConfigError(`${profile}.outputs: is required (a mapping of target names to connections)`, {
      location: locateKeyPath(yamlFile, [profile, 'outputs']),
    });
  }
  if (!isMapping(outputs[targetName])) {
    throw new ConfigError(`target "${targetName}" not found in profile "${profile}"`, {
      location: locateKeyPath(yamlFile, [profile, 'outputs']),
      hint: `Its outputs are: ${Object.keys(outputs).join(', ') || '(none)'}.${targetOverride === undefined ? ` Set "target:" in the profile or pass --target.` : ''}`,
    });
  }

  const outputPath: KeyPath = [profile, 'outputs', targetName];
  const errors: StrataError[] = await renderYamlStrings(yamlFile, render, (path) => outputPath.every((part, i) => path[i] === part));
  const output = (yamlFile.value as Record<string, Record<string, Record<string, Record<string, unknown>>>>)[profile]!.outputs![targetName]!;
  const names = { name: targetName, profile };
  const type = output.type;
  if (type !== 'pglite' && type !== 'postgres') {
    const location = locateKeyPath(yamlFile, [...outputPath, 'type']);
    errors.push(
      new ConfigError(
        type === undefined
          ? `${formatKeyPath([...outputPath, 'type'])}: is required (one of ${OUTPUT_TYPES.join(', ')})`
          : `${formatKeyPath([...outputPath, 'type'])}: strata connects to PostgreSQL only (type pglite or postgres), got ${JSON.stringify(type)}`,
        { location, frame: frameAt(yamlFile, location) },
      ),
    );
    throw gathered(errors);
  }
  for (const key of Object.keys(output)) {
    if (!KNOWN_OUTPUT_KEYS[type]!.has(key)) {
      warnings.push({ message: `${formatKeyPath([...outputPath, key])}: unknown key for type ${type} (ignored)`, location: locateKeyPath(yamlFile, [...outputPath, key]) });
    }
  }
  let target: TargetConfig | undefined;
  if (type === 'pglite') {
    const validated = validateWithSchema(pgliteOutputSchema, output, yamlFile, outputPath);
    if (validated.ok) target = toPgliteTarget(validated.data, names);
    else errors.push(...validated.errors);
  } else {
    const validated = validateWithSchema(postgresOutputSchema, output, yamlFile, outputPath);
    if (validated.ok) {
      const { dbname, database } = validated.data;
      if (dbname !== undefined && database !== undefined && dbname !== database) {
        errors.push(new ConfigError(`${formatKeyPath(outputPath)}: dbname and database differ; set only one`, { location: locateKeyPath(yamlFile, [...outputPath, 'database']) }));
      } else if (dbname === undefined && database === undefined) {
        errors.push(new ConfigError(`${formatKeyPath([...outputPath, 'dbname'])}: is required (the database to connect to)`, { location: locateKeyPath(yamlFile, outputPath) }));
      } else {
        target = toPostgresTarget(validated.data, names, (dbname ?? database)!);
      }
    } else {
      errors.push(...validated.errors);
    }
  }
  if (errors.length > 0 || !target) throw gathered(errors);
  return { value: { target, builtin: false }, warnings };
}

function onlyProfile(names: readonly string[], yamlFile: YamlFile): string {
  if (names.length === 1) return names[0]!;
  throw new ConfigError(`the project file has no "profile:" and ${yamlFile.file} has ${names.length} profiles`, {
    location: { file: yamlFile.file },
    hint: `Add "profile: <name>" to the project file (one of: ${names.join(', ') || 'none'}).`,
  });
}
