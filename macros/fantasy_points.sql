{#-
  Standard (non-PPR) fantasy scoring. Dispatched, so a project can override the scoring rules per
  adapter, as dbt packages do.
-#}
{% macro fantasy_points(alias=none) -%}
    {{ return(adapter.dispatch('fantasy_points')(alias)) }}
{%- endmacro %}

{% macro default__fantasy_points(alias) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {%- set weights = {
        'passing_yards': 0.04,
        'rushing_yards': 0.1,
        'receiving_yards': 0.1,
        'touchdowns': 6,
        'interceptions': -2,
        'fumbles_lost': -2,
    } -%}
    (
    {%- for column, weight in weights.items() %}
        {{ prefix }}{{ column }} * {{ weight }}{{ ' +' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}
