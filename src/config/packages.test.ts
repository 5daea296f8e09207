import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors, type StrataError } from '../errors/strata-error.js';
import { loadProject } from './load-project.js';
import { discoverPackages } from './packages.js';
import { noRender } from './renderer.js';

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-packages-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function errorsOf(promise: Promise<unknown>): Promise<StrataError[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StrataErrors) return [...error.errors];
    if (error instanceof ConfigError) return [error];
    throw error;
  }
  throw new Error('expected an error');
}

describe('discoverPackages', () => {
  it('returns local packages and the packages installed under dbt_packages/', async () => {
    const dir = await tree({
      'shop/project.yml': 'name: shop\n',
      'shop/packages.yml': 'packages:\n  - local: ../helpers\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n',
      'shop/dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\nmacro-paths: [macros]\n',
      'shop/dbt_packages/not_a_package/readme.md': 'x',
      'helpers/dbt_project.yml': 'name: helpers\n',
    });
    const { value: project } = await loadProject(join(dir, 'shop'), { render: noRender });
    const { value: packages } = await discoverPackages(project, noRender);
    expect(packages.map((p) => [p.name, p.origin, p.root.slice(dir.length + 1)])).toEqual([
      ['dbt_utils', 'installed', 'shop/dbt_packages/dbt_utils'],
      ['helpers', 'local', 'helpers'],
    ]);
    expect(packages[0]!.project.macro_paths).toEqual(['macros']);
  });

  it('refuses hub and git packages that are not vendored', async () => {
    const dir = await tree({
      'project.yml': 'name: shop\n',
      'packages.yml': 'packages:\n  - package: calogica/dbt_expectations\n    version: [">=0.10.0"]\n  - git: "https://github.com/dbt-labs/dbt-audit-helper.git"\n    revision: 0.9.0\n',
    });
    const { value: project } = await loadProject(dir, { render: noRender });
    const errors = await errorsOf(discoverPackages(project, noRender));
    expect(errors.map((e) => [e.message, e.where])).toEqual([
      ['package "calogica/dbt_expectations" is not installed: strata installs only local packages; vendor it into dbt_packages/', 'packages.yml:2:5'],
      ['package "https://github.com/dbt-labs/dbt-audit-helper.git" is not installed: strata installs only local packages; vendor it into dbt_packages/', 'packages.yml:4:5'],
    ]);
    expect(errors[0]!.hint).toContain('dbt_packages/dbt_expectations/');
  });

  it('reports a local package without a project file', async () => {
    const dir = await tree({ 'shop/project.yml': 'name: shop\n', 'shop/packages.yml': 'packages:\n  - local: ../empty\n', 'empty/x.sql': 'select 1' });
    const { value: project } = await loadProject(join(dir, 'shop'), { render: noRender });
    const [error] = await errorsOf(discoverPackages(project, noRender));
    expect(error!.message).toContain('no project.yml or dbt_project.yml');
  });
});
