{#- Division that yields null instead of failing when the denominator is zero. -#}
{% macro safe_divide(numerator, denominator, precision=2) -%}
    round(({{ numerator }})::numeric / nullif({{ denominator }}, 0), {{ precision }})
{%- endmacro %}
