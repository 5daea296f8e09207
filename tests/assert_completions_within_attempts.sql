-- A quarterback cannot complete more passes than he attempts.
select stat_id, completions, pass_attempts
from {{ ref('stg_player_game_stats') }}
where completions > pass_attempts
