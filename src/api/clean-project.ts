import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/strata-error.js';
import { openProject } from './open-project.js';
import type { ProjectOptions } from './options.js';

/**
 * Deletes the project's `clean-targets` (default `target/`); refuses paths outside the project. The
 * project file is read as every command reads it (it may use `target` and `--vars`).
 */
export async function cleanProject(options: ProjectOptions): Promise<string[]> {
  const { projectDir: root, project } = await openProject(options);
  // Every entry is checked before anything is deleted: one bad entry must not leave the others half done.
  for (const target of project.clean_targets) {
    const full = path.resolve(root, target);
    if (full === root || !full.startsWith(root + path.sep))
      throw new ConfigError(`clean-targets entry "${target}" is outside the project directory`, {
        location: { file: path.relative(root, project.project_file) || project.project_file },
        hint: 'strata only deletes folders inside the project.',
      });
  }
  const removed: string[] = [];
  for (const target of project.clean_targets) {
    await rm(path.resolve(root, target), { recursive: true, force: true });
    removed.push(target);
  }
  return removed;
}
