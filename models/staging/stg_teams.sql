select
    team_id,
    upper(team_code) as team_code,
    team_name,
    conference,
    division
from {{ ref('raw_teams') }}
