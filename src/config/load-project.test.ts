import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors, type StrataError } from '../errors/strata-error.js';
import { envVarOnlyRenderer } from './env-var-renderer.js';
import { loadProject } from './load-project.js';

async function projectWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-project-'));
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

const render = envVarOnlyRenderer({ env: { SCHEMA_SUFFIX: 'ci' } });

describe('loadProject', () => {
  it('reads project.yml with dbt defaults', async () => {
    const dir = await projectWith({ 'project.yml': 'name: shop\n' });
    const { value: project, warnings } = await loadProject(dir, { render });
    expect(warnings).toEqual([]);
    expect(project).toMatchObject({
      name: 'shop',
      config_version: 2,
      profile: undefined,
      model_paths: ['models'],
      seed_paths: ['seeds'],
      test_paths: ['tests'],
      macro_paths: ['macros'],
      snapshot_paths: ['snapshots'],
      analysis_paths: ['analyses'],
      asset_paths: [],
      target_path: 'target',
      clean_targets: ['target'],
      packages_install_path: 'dbt_packages',
      vars: {},
      on_run_start: [],
      quoting: {},
      project_root: dir,
    });
    expect(project.docs_paths).toEqual(expect.arrayContaining(['models', 'seeds', 'macros', 'tests']));
    expect(project.query_comment.comment).toContain('strata');
  });

  it('reads dbt_project.yml with the same meaning', async () => {
    const dir = await projectWith({
      'dbt_project.yml': [
        'name: jaffle',
        "version: '1.0'",
        'profile: jaffle',
        'model-paths: [transform]',
        'target-path: build',
        'on-run-end: "grant usage on schema {{ target.schema }} to reporter"',
        'tests:',
        '  +severity: warn',
        'query-comment: null',
      ].join('\n'),
    });
    const { value: project } = await loadProject(dir, { render });
    expect(project.profile).toBe('jaffle');
    expect(project.model_paths).toEqual(['transform']);
    expect(project.clean_targets).toEqual(['build']);
    expect(project.on_run_end).toEqual(['grant usage on schema {{ target.schema }} to reporter']);
    expect(project.data_tests).toEqual({ '+severity': 'warn' });
    expect(project.query_comment.comment).toBeNull();
  });

  it('refuses a directory with both project files', async () => {
    const dir = await projectWith({ 'project.yml': 'name: a\n', 'dbt_project.yml': 'name: a\n' });
    const [error] = await errorsOf(loadProject(dir, { render }));
    expect(error!.message).toContain('both project.yml and dbt_project.yml');
    expect(error!.exitCode).toBe(2);
  });

  it('warns about unknown top-level keys instead of failing', async () => {
    const dir = await projectWith({ 'project.yml': 'name: shop\nmodles:\n  +materialized: table\n' });
    const { warnings } = await loadProject(dir, { render });
    expect(warnings).toEqual([{ message: 'unknown key "modles" in the project file (ignored)', location: { file: 'project.yml', line: 2, column: 1 } }]);
  });

  it('reports a bad config type in the models tree with line, column and key path', async () => {
    const dir = await projectWith({
      'project.yml': ['name: shop', 'models:', '  shop:', '    staging:', '      +enabled: "yes please"', '      +tags: 3'].join('\n'),
    });
    const errors = await errorsOf(loadProject(dir, { render }));
    expect(errors.map((e) => [e.message, e.where])).toEqual([
      ['models.shop.staging.+enabled: expected true or false, got the string "yes please"', 'project.yml:5:7'],
      ['models.shop.staging.+tags: expected a string or a list of strings, got the number 3', 'project.yml:6:7'],
    ]);
    expect(errors[0]!.frame).toContain('> 5 |       +enabled: "yes please"');
  });

  it('gathers every error of the file', async () => {
    const dir = await projectWith({ 'project.yml': 'name: 1shop\nmodel-paths: 3\nconfig-version: two\n' });
    const errors = await errorsOf(loadProject(dir, { render }));
    expect(errors.map((e) => e.where)).toEqual(['project.yml:1:1', 'project.yml:2:1', 'project.yml:3:1']);
    expect(errors[1]!.message).toBe('model-paths: expected a folder path or a list of folder paths, got the number 3');
  });

  it('gives file:line:column for YAML syntax errors', async () => {
    const dir = await projectWith({ 'project.yml': 'name: shop\nmodels:\n  - a\n  b: c\n' });
    const [error] = await errorsOf(loadProject(dir, { render }));
    expect(error!.message).toMatch(/^invalid YAML/);
    expect(error!.location).toMatchObject({ file: 'project.yml', line: 4 });
  });

  it('renders env_var in values but leaves hooks and vars for later', async () => {
    const dir = await projectWith({
      'project.yml': [
        'name: shop',
        'vars:',
        '  start: "{{ env_var(\'START\') }}"',
        'models:',
        '  +schema: "analytics_{{ env_var(\'SCHEMA_SUFFIX\') }}"',
        '  +post-hook: "grant select on {{ this }} to {{ env_var(\'READER\') }}"',
      ].join('\n'),
    });
    const { value: project } = await loadProject(dir, { render });
    expect(project.models['+schema']).toBe('analytics_ci');
    expect(project.models['+post-hook']).toBe("grant select on {{ this }} to {{ env_var('READER') }}");
    expect(project.vars).toEqual({ start: "{{ env_var('START') }}" });
  });

  it('names a missing environment variable with its location', async () => {
    const dir = await projectWith({ 'project.yml': 'name: shop\nprofile: "{{ env_var(\'PROFILE_NAME\') }}"\n' });
    const [error] = await errorsOf(loadProject(dir, { render }));
    expect(error!.message).toBe('environment variable PROFILE_NAME is required but not set');
    expect(error!.where).toBe('project.yml:2:10');
  });

  it('warns when a mapping config is written without its +', async () => {
    const dir = await projectWith({ 'project.yml': 'name: shop\nmodels:\n  shop:\n    meta:\n      owner: data\n' });
    const { warnings } = await loadProject(dir, { render });
    expect(warnings[0]!.message).toContain('write "+meta"');
    expect(warnings[0]!.location).toEqual({ file: 'project.yml', line: 4, column: 5 });
  });
});
