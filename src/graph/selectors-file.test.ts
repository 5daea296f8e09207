import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors, type StrataError } from '../errors/strata-error.js';
import { selectNodes } from './select-nodes.js';
import { loadSelectorsFile, parseSelectorsFile } from './selectors-file.js';
import { sampleProject } from './testing/sample-project.js';

const manifest = sampleProject();

function selectWith(yaml: string, selector?: string, extra: Parameters<typeof selectNodes>[1] = {}): string[] {
  const selectors = parseSelectorsFile(yaml, 'selectors.yml');
  return [...selectNodes(manifest, { selectors, selector, ...extra }).selected].sort();
}

function failure(yaml: string): StrataError {
  try {
    parseSelectorsFile(yaml, 'selectors.yml');
  } catch (e) {
    return e as StrataError;
  }
  throw new Error('expected the selectors file to be rejected');
}

describe('selectors.yml definitions', () => {
  it('accepts CLI-style strings with graph operators', () => {
    const yaml = `selectors:\n  - name: upstream\n    definition: '+dim_players'\n`;
    expect(selectWith(yaml, 'upstream', { indirectSelection: 'empty' })).toHaveLength(6);
  });

  it('accepts method: value pairs, including config keys', () => {
    const yaml = `selectors:\n  - name: tables\n    definition:\n      config.materialized: table\n`;
    expect(selectWith(yaml, 'tables')).toEqual(['model.p.dim_players', 'test.p.relationships_fct_games_player_id', 'test.p.unique_dim_players_player_id']);
  });

  it('accepts full dictionaries with parents, children, depths and childrens_parents', () => {
    const yaml = [
      'selectors:',
      '  - name: around_dim',
      '    definition:',
      '      method: fqn',
      '      value: dim_players',
      '      parents: true',
      '      parents_depth: 1',
      '      children: true',
      '      children_depth: 1',
      '      indirect_selection: empty',
      '  - name: at_teams',
      '    definition:',
      '      method: fqn',
      '      value: stg_teams',
      '      childrens_parents: true',
    ].join('\n');
    expect(selectWith(yaml, 'around_dim')).toEqual([
      'model.p.dim_players', 'model.p.fct_games', 'model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes',
      'test.p.relationships_fct_games_player_id', 'test.p.unique_dim_players_player_id',
    ]);
    expect(selectWith(yaml, 'at_teams')).toContain('model.p.stg_players');
  });

  it('evaluates union, intersection and exclude (dbt’s documented example shape)', () => {
    const yaml = `
selectors:
  - name: nightly_diet
    description: Non-incremental staging and marts models
    definition:
      union:
        - intersection:
            - '@source:raw'
            - 'tag:staging'
        - 'models/marts/reporting'
        - exclude:
            - intersection:
                - 'package:p'
                - 'config.materialized:incremental'
            - stg_teams
`;
    expect(selectWith(yaml, 'nightly_diet', { indirectSelection: 'empty' })).toEqual(['model.p.report', 'model.p.stg_players']);
  });

  it('applies exclude on a full dictionary last', () => {
    const yaml = `
selectors:
  - name: staging_but_teams
    definition:
      method: tag
      value: staging
      exclude:
        - stg_teams
`;
    expect(selectWith(yaml, 'staging_but_teams')).toEqual(['model.p.stg_players', 'test.p.not_null_stg_players_player_id']);
  });

  it('lets a criterion override indirect selection', () => {
    const yaml = `
selectors:
  - name: games_cautious
    definition:
      method: fqn
      value: fct_games
      indirect_selection: cautious
`;
    expect(selectWith(yaml, 'games_cautious')).toEqual(['model.p.fct_games', 'test.p.assert_positive_scores']);
  });

  it('reuses other selectors with method: selector and selector: in --select', () => {
    const yaml = `
selectors:
  - name: staging
    definition: 'tag:staging'
  - name: staging_less_teams
    definition:
      intersection:
        - method: selector
          value: staging
        - exclude:
            - stg_teams
`;
    expect(selectWith(yaml, 'staging_less_teams')).toEqual(['model.p.stg_players', 'test.p.not_null_stg_players_player_id']);
    const selectors = parseSelectorsFile(yaml, 'selectors.yml');
    expect([...selectNodes(manifest, { selectors, select: ['selector:staging+1'], indirectSelection: 'empty' }).selected].sort()).toEqual([
      'model.p.dim_players', 'model.p.stg_players', 'model.p.stg_teams', 'test.p.not_null_stg_players_player_id',
    ]);
  });

  it('uses the default selector only when no selection is given', () => {
    const yaml = `
selectors:
  - name: root_only
    default: true
    definition:
      method: package
      value: pkg
`;
    const selectors = parseSelectorsFile(yaml, 'selectors.yml');
    expect([...selectNodes(manifest, { selectors }).selected]).toEqual(['model.pkg.pkg_model']);
    expect([...selectNodes(manifest, { selectors, select: ['report'] }).selected]).toEqual(['model.p.report']);
  });

  it('ignores --select when --selector is given, with a warning', () => {
    const selectors = parseSelectorsFile(`selectors:\n  - name: r\n    definition: report\n`, 'selectors.yml');
    const result = selectNodes(manifest, { selectors, selector: 'r', select: ['stg_players'] });
    expect([...result.selected]).toEqual(['model.p.report']);
    expect(result.warnings).toEqual(['--select and --exclude are ignored when --selector is given']);
  });

  it('warns when a named selector selects nothing', () => {
    const selectors = parseSelectorsFile(`selectors:\n  - name: none\n    definition: 'tag:nope'\n`, 'selectors.yml');
    expect(selectNodes(manifest, { selectors, selector: 'none' }).warnings).toEqual(["The selector 'none' does not match any enabled nodes"]);
  });

  it('supports YAML anchors', () => {
    const yaml = `
selectors:
  - name: base
    definition: &staging
      method: tag
      value: staging
  - name: copy
    definition: *staging
`;
    expect(selectWith(yaml, 'copy', { indirectSelection: 'empty' })).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
  });

  it('loads selectors.yml from a project root, and nothing when there is none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-selectors-'));
    expect(await loadSelectorsFile(root)).toBeUndefined();
    writeFileSync(join(root, 'selectors.yml'), 'selectors:\n  - name: a\n    definition: report\n');
    expect([...(await loadSelectorsFile(root))!.keys()]).toEqual(['a']);
  });
});

describe('selectors.yml errors', () => {
  it('rejects a file without the selectors list, at the key', () => {
    const e = failure('selector:\n  - name: a\n');
    expect(e).toBeInstanceOf(StrataErrors);
    const errors = (e as StrataErrors).errors;
    expect(errors.map((err) => err.message)).toEqual(['selectors: is required (a list)', '(top level): unknown key "selector"']);
    expect(errors.every((err) => err instanceof ConfigError && err.location?.file === 'selectors.yml' && err.location.line === 1)).toBe(true);
  });

  it('rejects a selector without a definition, naming the line', () => {
    const e = failure('selectors:\n  - name: a\n    definition: report\n  - name: b\n    description: nothing\n');
    expect(e.message).toContain('definition');
    expect(e.location).toMatchObject({ file: 'selectors.yml', line: 4 });
  });

  it('rejects an unknown method with file and line', () => {
    const e = failure('selectors:\n  - name: a\n    definition:\n      union:\n        - tag: x\n        - colour: red\n');
    expect(e.message).toContain("'colour' is not a valid selection method");
    expect(e.location).toMatchObject({ file: 'selectors.yml', line: 6 });
  });

  it('rejects a dictionary that is neither one pair nor method and value', () => {
    const e = failure('selectors:\n  - name: a\n    definition:\n      method: tag\n      parents: true\n');
    expect(e.message).toBe("selector 'a': expected either one key (method: value) or the keys 'method' and 'value', but got method, parents");
    expect(e.location?.line).toBe(4);
  });

  it('rejects unknown keys, bad depths and bad indirect_selection at their lines', () => {
    expect(failure('selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n      parent: true\n').location?.line).toBe(6);
    const depth = failure('selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n      parents_depth: two\n');
    expect(depth.message).toContain("'parents_depth' must be a whole number");
    expect(depth.location?.line).toBe(6);
    const mode = failure('selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n      indirect_selection: lazy\n');
    expect(mode.message).toContain('indirect_selection must be one of eager, cautious, buildable, empty');
  });

  it('rejects two excludes in one union and several root keys', () => {
    const two = failure('selectors:\n  - name: a\n    definition:\n      union:\n        - tag: x\n        - exclude: [a]\n        - exclude: [b]\n');
    expect(two.message).toContain("cannot give more than one 'exclude'");
    expect(two.location?.line).toBe(7);
    const root = failure('selectors:\n  - name: a\n    definition:\n      union: [a]\n      intersection: [b]\n');
    expect(root.message).toContain("only a single 'union' or 'intersection' key");
  });

  it('rejects undefined and circular selector references', () => {
    const missing = failure('selectors:\n  - name: a\n    definition:\n      method: selector\n      value: ghost\n');
    expect(missing.message).toBe("selector 'a' refers to an undefined selector 'ghost'");
    expect(missing.location?.line).toBe(4);
    const loop = failure('selectors:\n  - name: a\n    definition: selector:b\n  - name: b\n    definition: selector:a\n');
    expect(loop.message).toBe('selectors refer to each other in a cycle: a → b → a');
    expect(loop.location?.line).toBe(5);
  });

  it('rejects duplicate names and more than one default, reporting every problem at once', () => {
    const e = failure(
      'selectors:\n  - name: a\n    default: true\n    definition: x\n  - name: a\n    definition: y\n  - name: b\n    default: true\n    definition: z\n',
    );
    expect(e).toBeInstanceOf(StrataErrors);
    const messages = (e as StrataErrors).errors.map((err) => `${err.location?.line}: ${err.message}`);
    expect(messages).toEqual([
      "5: selector 'a' is defined twice",
      "7: only one selector may set default: true, but 'a' (line 2), 'b' (line 7) do",
    ]);
  });

  it('rejects a templated default unless a renderer is given', () => {
    const yaml = `selectors:\n  - name: a\n    default: "{{ target.name == 'prod' }}"\n    definition: x\n`;
    expect(failure(yaml).message).toBe("selector 'a': default must be true or false");
    expect(failure(yaml).location?.line).toBe(3);
    const selectors = parseSelectorsFile(yaml, 'selectors.yml', { renderDefault: () => 'True' });
    expect(selectors.get('a')!.isDefault).toBe(true);
  });

  it('reports YAML syntax errors with a line', () => {
    const e = failure('selectors:\n  - name: a\n    definition: [x\n');
    expect(e.location?.file).toBe('selectors.yml');
    expect(e.location?.line).toBeGreaterThan(0);
  });
});
