{#- One row per player per game, with the season filter every mart shares. -#}
select
    stat_id,
    player_id,
    season,
    week,
    game_date,
    opponent_team_id,
    pass_attempts,
    completions,
    passing_yards,
    rushing_attempts,
    rushing_yards,
    receptions,
    receiving_yards,
    touchdowns,
    interceptions,
    fumbles_lost,
    {{ total_yards() }} as total_yards
from {{ ref('raw_player_game_stats') }}
where season >= {{ var('first_reported_season') }}
