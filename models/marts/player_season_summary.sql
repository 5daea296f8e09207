{%- set stat_columns = ['passing_yards', 'rushing_yards', 'receiving_yards', 'touchdowns', 'interceptions'] -%}

select
    f.player_id,
    d.full_name,
    d.position,
    f.season,
    count(*) as games_played,
    {%- for column in stat_columns %}
    sum(f.{{ column }}) as {{ column }},
    {%- endfor %}
    sum(f.fantasy_points) as fantasy_points,
    {{ safe_divide('sum(f.total_yards)', 'count(*)', 1) }} as yards_per_game
from {{ ref('fct_player_weekly_stats') }} as f
join {{ ref('dim_players') }} as d using (player_id)
group by f.player_id, d.full_name, d.position, f.season
