select
    player_id,
    full_name,
    split_part(full_name, ' ', 1) as first_name,
    split_part(full_name, ' ', 2) as last_name,
    position,
    team_id,
    birth_date,
    is_active
from {{ ref('raw_players') }}
