{{
    config(
        materialized='incremental',
        unique_key=['player_id', 'season', 'week'],
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['player_id', 'season']}],
    )
}}

-- Weekly box score per player with fantasy points; later runs only pick up weeks not loaded yet.
select
    s.player_id,
    s.season,
    s.week,
    s.game_date,
    p.team_id,
    s.opponent_team_id,
    s.passing_yards,
    s.rushing_yards,
    s.receiving_yards,
    s.total_yards,
    s.touchdowns,
    s.interceptions,
    s.fumbles_lost,
    {{ safe_divide('s.completions', 's.pass_attempts', 3) }} as completion_rate,
    {{ fantasy_points('s') }} as fantasy_points
from {{ ref('stg_player_game_stats') }} as s
join {{ ref('stg_players') }} as p using (player_id)
{% if is_incremental() %}
where s.game_date > (select coalesce(max(game_date), '1900-01-01') from {{ this }})
{% endif %}
