/** A small project used by several graph/ tests: sources → staging → marts, with tests of each kind. */
import type { Manifest } from '../../parse/manifest.js';
import { ManifestBuilder } from './manifest-builder.js';

/**
 * raw.players → stg_players ─┐
 * raw.teams   → stg_teams   ─┼→ dim_players → fct_games → report
 * country_codes (seed)      ─┘
 */
export function sampleProject(): Manifest {
  return new ManifestBuilder('p')
    .source('raw', 'players', { path: 'models/staging/sources.yml' })
    .source('raw', 'teams', { path: 'models/staging/sources.yml', tags: ['vendor'] })
    .seed('country_codes')
    .model('stg_players', { path: 'staging/stg_players.sql', deps: ['source:raw.players'], tags: ['staging', 'daily'] })
    .model('stg_teams', { path: 'staging/stg_teams.sql', deps: ['source:raw.teams'], tags: ['staging'] })
    .model('dim_players', {
      path: 'marts/dim_players.sql',
      deps: ['stg_players', 'stg_teams', 'country_codes'],
      tags: ['nightly'],
      config: { materialized: 'table', meta: { contains_pii: true, owner: 'ana' }, group: 'finance', access: 'public' },
      patchPath: 'models/marts/_marts.yml',
    })
    .model('fct_games', {
      path: 'marts/fct_games.sql',
      deps: ['dim_players'],
      config: { materialized: 'incremental', unique_key: ['game_id', 'season'], transient: true, grants: { select: ['reporter', 'analyst'] } },
    })
    .model('report', { path: 'marts/reporting/report.sql', deps: ['fct_games'], config: { materialized: 'view', access: 'private' } })
    .genericTest('not_null', 'stg_players', { column: 'player_id' })
    .genericTest('unique', 'dim_players', { column: 'player_id', config: { severity: 'warn' } })
    .genericTest('relationships', 'fct_games', { column: 'player_id', alsoDependsOn: ['dim_players'] })
    .genericTest('not_null', 'source:raw.players', { column: 'id' })
    .singularTest('assert_positive_scores', { deps: ['fct_games'], path: 'assert_positive_scores.sql' })
    .model('pkg_model', { package: 'pkg', path: 'pkg_model.sql' })
    .build();
}
