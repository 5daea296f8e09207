import type { TargetConfig } from '../config/target.js';
import { openProject } from './open-project.js';
import type { ProjectOptions } from './options.js';

export interface DebugReport {
  readonly projectDir: string;
  readonly projectName: string;
  readonly target: TargetConfig;
  readonly builtinTarget: boolean;
  readonly serverVersion: string;
  readonly database: string;
  readonly user: string;
}

/** `strata debug`: loads the project and profile, connects, and says what it reached (or throws a ConnectionError, exit 3). */
export async function debugProject(options: ProjectOptions): Promise<DebugReport> {
  const open = await openProject(options);
  for (const warning of open.warnings) options.reporter.report({ kind: 'warning', message: warning.message, file: warning.location?.file, line: warning.location?.line });
  const { checkConnection } = await import('../adapters/check-connection.js');
  const check = await checkConnection(open.target, { projectDir: open.projectDir, applicationName: 'strata debug' });
  return { projectDir: open.projectDir, projectName: open.project.name, target: open.target, builtinTarget: open.builtinTarget, ...check };
}

/** Where a target points, without its password. */
export function describeTarget(target: TargetConfig): string {
  if (target.type === 'pglite') return `pglite at ${target.path}, schema ${target.schema}`;
  return `postgres ${target.user}@${target.host}:${target.port}/${target.database}, schema ${target.schema}`;
}
