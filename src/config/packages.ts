/**
 * Packages: `packages.yml` (or `dependencies.yml`) entries and the installed packages under
 * `dbt_packages/`. strata installs nothing itself: `local:` packages are read where they are, and
 * hub/git packages must already be vendored into the packages folder.
 */
import { access, readdir, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, StrataError, type SourceLocation } from '../errors/strata-error.js';
import { isMapping } from './config-tree.js';
import { displayPath } from './display-path.js';
import { loadProject } from './load-project.js';
import type { ProjectConfig } from './project-config.js';
import { renderYamlStrings } from './render-yaml.js';
import type { ConfigRenderer } from './renderer.js';
import type { ConfigWarning, WithWarnings } from './warnings.js';
import { gathered, locateKeyPath, readYamlFile, type YamlFile } from './yaml-file.js';
import { validateWithSchema } from './zod-errors.js';

/** A package a project uses, with its own project file loaded. */
export interface PackageRoot {
  /** The package's project name (what `ref('pkg', 'model')` and config trees use). */
  readonly name: string;
  /** Absolute directory holding the package's project file. */
  readonly root: string;
  /** `local` from packages.yml, or `installed` under the packages folder. */
  readonly origin: 'local' | 'installed';
  readonly project: ProjectConfig;
}

/** One `packages:` entry as written. */
export type PackageSpec =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'hub'; readonly package: string }
  | { readonly kind: 'git'; readonly git: string; readonly subdirectory?: string }
  | { readonly kind: 'tarball'; readonly tarball: string; readonly name?: string }
  | { readonly kind: 'private'; readonly private: string };

const packagesFileSchema = z.looseObject({
  packages: z.array(z.record(z.string(), z.unknown(), { error: 'a package entry ({local: path})' }), { error: 'a list of packages' }).nullable().optional(),
});

/** Reads packages.yml or dependencies.yml (not both) into package specs; absent files mean no packages. */
export async function loadPackageSpecs(
  projectRoot: string,
  render: ConfigRenderer,
  /** Paths in messages are relative to this (the root project, for a package's own packages.yml). */
  displayBase = projectRoot,
): Promise<WithWarnings<{ specs: PackageSpec[]; file?: YamlFile }>> {
  const files: YamlFile[] = [];
  for (const name of ['packages.yml', 'dependencies.yml']) {
    const path = join(projectRoot, name);
    if (await exists(path)) files.push(await readYamlFile(path, displayPath(path, displayBase), { redactFrames: true }));
  }
  const withPackages = files.filter((f) => isMapping(f.value) && f.value.packages !== undefined);
  if (withPackages.length > 1) {
    throw new ConfigError('packages cannot be listed in both packages.yml and dependencies.yml', {
      location: { file: withPackages[1]!.file },
      hint: 'Keep the list in one file.',
    });
  }
  const file = withPackages[0];
  if (!file) return { value: { specs: [] }, warnings: [] };
  const errors: StrataError[] = await renderYamlStrings(file, render, (path) => path[0] === 'packages');
  const validated = validateWithSchema(packagesFileSchema, file.value ?? {}, file);
  if (!validated.ok) throw gathered([...errors, ...validated.errors]);
  const specs: PackageSpec[] = [];
  (validated.data.packages ?? []).forEach((entry, index) => {
    const spec = specOf(entry);
    if (spec) specs.push(spec);
    else errors.push(new ConfigError(`packages[${index}]: expected one of local:, package:, git:, tarball:, private:`, { location: locateKeyPath(file, ['packages', index]) }));
  });
  if (errors.length > 0) throw gathered(errors);
  return { value: { specs, file }, warnings: [] };
}

/**
 * Every package of a project: `local:` entries of packages.yml and the folders of the packages
 * install path (`dbt_packages/`) that hold a project file. Hub and git entries must be vendored there.
 * A local package's own packages.yml counts too, as `dbt deps` follows it: its `local:` entries
 * (relative to that package) join, and its hub and git entries must be vendored in this project.
 */
export async function discoverPackages(project: ProjectConfig, render: ConfigRenderer): Promise<WithWarnings<PackageRoot[]>> {
  const warnings: ConfigWarning[] = [];
  const errors: StrataError[] = [];
  const installPath = resolve(project.project_root, project.packages_install_path);
  const installed = await installedPackageDirs(installPath);
  const candidates: { root: string; origin: PackageRoot['origin']; declaredAt?: SourceLocation }[] = installed.map((root) => ({ root, origin: 'installed' }));

  /** Adds the entries of the packages.yml in `root` (the project's, or a local package's). */
  const addSpecsOf = async (root: string): Promise<void> => {
    const { value: specs } = await loadPackageSpecs(root, render, project.project_root);
    specs.specs.forEach((spec, index) => {
      const location = specs.file ? locateKeyPath(specs.file, ['packages', index]) : undefined;
      if (spec.kind === 'local') {
        candidates.push({ root: resolve(root, spec.path), origin: 'local', ...(location && { declaredAt: location }) });
        return;
      }
      const expected = vendoredDirNames(spec);
      if (!expected.some((name) => installed.some((dir) => basename(dir) === name))) {
        errors.push(
          new ConfigError(`package "${describeSpec(spec)}" is not installed: strata installs only local packages; vendor it into ${project.packages_install_path}/`, {
            location,
            hint: `Copy the package into ${project.packages_install_path}/${expected[0] ?? '<name>'}/ (for example with \`dbt deps\`), or list it in ${specs.file ? basename(specs.file.file) : 'packages.yml'} as {local: path}.`,
          }),
        );
      }
    });
  };
  await addSpecsOf(project.project_root);

  const seen = new Map<string, PackageRoot>();
  const seenRoots = new Set<string>([await realpath(project.project_root)]);
  // Candidates grow while local packages' own packages.yml files are read.
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i]!;
    let real: string;
    try {
      real = await realpath(candidate.root);
    } catch {
      errors.push(new ConfigError(`package folder ${candidate.root} does not exist`, { location: candidate.declaredAt }));
      continue;
    }
    if (seenRoots.has(real)) continue;
    seenRoots.add(real);
    try {
      const loaded = await loadProject(real, { render, displayBase: project.project_root });
      warnings.push(...loaded.warnings);
      const existing = seen.get(loaded.value.name);
      if (existing) {
        errors.push(new ConfigError(`two packages are named "${loaded.value.name}": ${existing.root} and ${real}`, { hint: 'Remove one of them.' }));
        continue;
      }
      seen.set(loaded.value.name, { name: loaded.value.name, root: real, origin: candidate.origin, project: loaded.value });
      if (candidate.origin === 'local') await addSpecsOf(real);
    } catch (error) {
      if (error instanceof StrataError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw gathered(errors);
  return { value: [...seen.values()].sort((a, b) => a.name.localeCompare(b.name)), warnings };
}

function specOf(entry: Record<string, unknown>): PackageSpec | undefined {
  if (typeof entry.local === 'string') return { kind: 'local', path: entry.local };
  if (typeof entry.package === 'string') return { kind: 'hub', package: entry.package };
  if (typeof entry.git === 'string') return { kind: 'git', git: entry.git, ...(typeof entry.subdirectory === 'string' && { subdirectory: entry.subdirectory }) };
  if (typeof entry.tarball === 'string') return { kind: 'tarball', tarball: entry.tarball, ...(typeof entry.name === 'string' && { name: entry.name }) };
  if (typeof entry.private === 'string') return { kind: 'private', private: entry.private };
  return undefined;
}

/** Folder names under which a hub/git package would have been vendored. */
function vendoredDirNames(spec: PackageSpec): string[] {
  const last = (s: string) => s.replace(/\.git$/, '').replace(/\/+$/, '').split(/[/:]/).pop() ?? s;
  switch (spec.kind) {
    case 'hub':
      return [last(spec.package)];
    case 'git': {
      const name = spec.subdirectory ? last(spec.subdirectory) : last(spec.git);
      return [name, name.replace(/-/g, '_')];
    }
    case 'tarball':
      return spec.name ? [spec.name] : [];
    case 'private': {
      const name = last(spec.private);
      return [name, name.replace(/-/g, '_')];
    }
    case 'local':
      return [];
  }
}

function describeSpec(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return spec.package;
    case 'git':
      return spec.git;
    case 'tarball':
      return spec.tarball;
    case 'private':
      return spec.private;
    case 'local':
      return spec.path;
  }
}

async function installedPackageDirs(installPath: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(installPath, { withFileTypes: true });
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const dir = join(installPath, entry.name);
    if ((await exists(join(dir, 'project.yml'))) || (await exists(join(dir, 'dbt_project.yml')))) dirs.push(dir);
  }
  return dirs.sort();
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
