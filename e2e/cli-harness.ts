/** Runs the built CLI (dist/) as a user would, in a scratch copy of a project. */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'bin', 'strata.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `strata <args>` in `cwd` with a clean HOME (no ~/.strata or ~/.dbt profiles leak in). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: path.join(cwd, '.home'), NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The example project at the repository root, copied into a fresh directory (without build outputs). */
export async function copyExampleProject(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-e2e-'));
  for (const entry of ['project.yml', 'profiles.example.yml', 'models', 'macros', 'tests', 'seeds', 'snapshots']) {
    await cp(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return dir;
}

/** A fixture project under e2e/fixtures/, copied into a fresh directory. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `strata-${name}-`));
  await cp(path.join(repoRoot, 'e2e', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** A project made of the given files (path → content), in a fresh directory. */
export async function projectFrom(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-project-'));
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return dir;
}

/** Writes a profiles.yml pointing the project's profile at the PostgreSQL server in `url`, in `schema`. */
export async function useServerProfile(dir: string, profile: string, url: string, schema: string): Promise<void> {
  const u = new URL(url);
  await writeFile(
    path.join(dir, 'profiles.yml'),
    `${profile}:
  target: server
  outputs:
    server:
      type: postgres
      host: ${u.hostname}
      port: ${u.port || 5432}
      user: ${decodeURIComponent(u.username) || 'postgres'}
      password: "{{ env_var('STRATA_E2E_PASSWORD', '') }}"
      dbname: ${u.pathname.slice(1) || 'postgres'}
      schema: ${schema}
      threads: 4
`,
  );
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}
