select
    p.player_id,
    p.full_name,
    p.first_name,
    p.last_name,
    p.position,
    t.team_code,
    t.team_name,
    t.conference,
    p.birth_date,
    p.is_active
from {{ ref('stg_players') }} as p
left join {{ ref('stg_teams') }} as t using (team_id)
