{#- Scrimmage plus passing yards: the sum of every yardage column that exists for a stat line. -#}
{% macro total_yards(yardage_columns=['passing_yards', 'rushing_yards', 'receiving_yards']) -%}
    {%- for column in yardage_columns -%}
        coalesce({{ column }}, 0){% if not loop.last %} + {% endif %}
    {%- endfor -%}
{%- endmacro %}
