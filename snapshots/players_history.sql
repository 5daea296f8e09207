{#
  Roster history (SCD type 2): each build records a new version of a player whose team,
  position or active status changed, and closes the old one (dbt_valid_to).
#}
{% snapshot players_history %}
{{
    config(
        unique_key='player_id',
        strategy='check',
        check_cols=['team_id', 'position', 'is_active'],
        hard_deletes='invalidate',
    )
}}
select player_id, full_name, position, team_id, is_active
from {{ ref('stg_players') }}
{% endsnapshot %}
