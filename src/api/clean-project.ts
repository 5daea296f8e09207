import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadProject } from '../config/load-project.js';
import { ConfigError } from '../errors/strata-error.js';
import { jinjaConfigRenderer } from './config-renderer.js';

/** Deletes the project's `clean-targets` (default `target/`); refuses paths outside the project. */
export async function cleanProject(projectDir: string): Promise<string[]> {
  const root = path.resolve(projectDir);
  const { value: project } = await loadProject(root, { render: jinjaConfigRenderer({ allowSecrets: false }) });
  const removed: string[] = [];
  for (const target of project.clean_targets) {
    const full = path.resolve(root, target);
    if (full === root || !full.startsWith(root + path.sep))
      throw new ConfigError(`clean-targets entry "${target}" is outside the project directory`, {
        location: { file: path.relative(root, project.project_file) || project.project_file },
        hint: 'strata only deletes folders inside the project.',
      });
    await rm(full, { recursive: true, force: true });
    removed.push(target);
  }
  return removed;
}
