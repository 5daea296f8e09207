{#-
  Tests real projects usually install dbt_utils or dbt_expectations for. Property files may name
  them with or without the `dbt_utils.` / `dbt_expectations.` prefix; a project or package macro of
  the same name wins.
-#}

{% test expression_is_true(model, expression, column_name=None) %}
select *
from {{ model }}
where not ({% if column_name %}{{ column_name }} {% endif %}{{ expression }})
{% endtest %}


{% test accepted_range(model, column_name, min_value=None, max_value=None, inclusive=True) %}
select *
from {{ model }}
where 1 = 2
{%- if min_value is not none %}
    or not {{ column_name }} >{{ '=' if inclusive }} {{ min_value }}
{%- endif %}
{%- if max_value is not none %}
    or not {{ column_name }} <{{ '=' if inclusive }} {{ max_value }}
{%- endif %}
{% endtest %}


{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=False) %}
{%- set columns = combination_of_columns if not quote_columns else combination_of_columns | map('tojson') | list -%}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}


{% test not_empty_string(model, column_name, trim_whitespace=True) %}
select {{ column_name }}
from {{ model }}
where {% if trim_whitespace %}trim({{ column_name }}){% else %}{{ column_name }}{% endif %} = ''
{% endtest %}


{% test at_least_one(model, column_name) %}
select count({{ column_name }}) as filler_column
from {{ model }}
having count({{ column_name }}) = 0
{% endtest %}


{% test not_constant(model, column_name) %}
select count(distinct {{ column_name }}) as filler_column
from {{ model }}
having count(distinct {{ column_name }}) = 1
{% endtest %}


{% test recency(model, field, datepart, interval, column_name=None) %}
select max({{ field }}) as most_recent
from {{ model }}
having max({{ field }}) < now() - interval '{{ interval }} {{ datepart }}'
    or max({{ field }}) is null
{% endtest %}


{% test equal_rowcount(model, compare_model) %}
with a as (select count(*) as n from {{ model }}),
     b as (select count(*) as n from {{ compare_model }})
select a.n as model_rows, b.n as compare_model_rows
from a cross join b
where a.n != b.n
{% endtest %}


{% test equality(model, compare_model, compare_columns=None) %}
{%- set columns = compare_columns | join(', ') if compare_columns else '*' -%}
with a as (select {{ columns }} from {{ model }}),
     b as (select {{ columns }} from {{ compare_model }}),
     a_minus_b as (select * from a except all select * from b),
     b_minus_a as (select * from b except all select * from a)
select * from a_minus_b
union all
select * from b_minus_a
{% endtest %}


{% test expect_table_row_count_to_be_between(model, min_value=None, max_value=None) %}
select count(*) as row_count
from {{ model }}
having 1 = 2
{%- if min_value is not none %} or count(*) < {{ min_value }}{% endif %}
{%- if max_value is not none %} or count(*) > {{ max_value }}{% endif %}
{% endtest %}


{% test expect_column_values_to_be_between(model, column_name, min_value=None, max_value=None, strictly=False) %}
select {{ column_name }}
from {{ model }}
where 1 = 2
{%- if min_value is not none %} or {{ column_name }} <{{ '=' if strictly }} {{ min_value }}{% endif %}
{%- if max_value is not none %} or {{ column_name }} >{{ '=' if strictly }} {{ max_value }}{% endif %}
{% endtest %}


{% test expect_column_values_to_match_regex(model, column_name, regex, is_raw=False, flags='') %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and not ({{ column_name }} ~{{ '*' if 'i' in flags }} '{{ regex | replace("'", "''") }}')
{% endtest %}
