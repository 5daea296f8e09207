{#-
  dbt's cross-database macros, as projects and packages (dbt_utils, dbt_date, …) call them:
  `dbt.dateadd(...)` or plainly `dateadd(...)`. Each goes through adapter.dispatch, so a project or
  package may override one for PostgreSQL (`postgres__dateadd`) or wholesale (`default__dateadd`).
  What each produces is dbt-postgres's SQL for it; the datediff family counts the boundaries crossed
  between the two dates, as dbt documents it (datediff of 2023-12-31 and 2024-01-01 in years is 1).
-#}

{# Data types: the names dbt's Column.translate_type gives on PostgreSQL. #}
{% macro type_string() %}{{ return(adapter.dispatch('type_string', 'dbt')()) }}{% endmacro %}
{% macro default__type_string() %}{{ return('TEXT') }}{% endmacro %}
{% macro type_timestamp() %}{{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}{% endmacro %}
{% macro default__type_timestamp() %}{{ return('TIMESTAMP') }}{% endmacro %}
{% macro type_float() %}{{ return(adapter.dispatch('type_float', 'dbt')()) }}{% endmacro %}
{% macro default__type_float() %}{{ return('FLOAT') }}{% endmacro %}
{% macro type_numeric() %}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{% endmacro %}
{% macro default__type_numeric() %}{{ return('numeric(28,6)') }}{% endmacro %}
{% macro type_bigint() %}{{ return(adapter.dispatch('type_bigint', 'dbt')()) }}{% endmacro %}
{% macro default__type_bigint() %}{{ return('bigint') }}{% endmacro %}
{% macro type_int() %}{{ return(adapter.dispatch('type_int', 'dbt')()) }}{% endmacro %}
{% macro default__type_int() %}{{ return('INT') }}{% endmacro %}
{% macro type_boolean() %}{{ return(adapter.dispatch('type_boolean', 'dbt')()) }}{% endmacro %}
{% macro default__type_boolean() %}{{ return('BOOLEAN') }}{% endmacro %}

{# Dates and times. #}
{% macro current_timestamp() %}{{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp() %}now(){% endmacro %}

{% macro date_trunc(datepart, date) %}{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}{% endmacro %}
{% macro default__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}

{% macro dateadd(datepart, interval, from_date_or_timestamp) %}{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}{% endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}{{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }})){% endmacro %}

{% macro datediff(first_date, second_date, datepart) %}{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}{% endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
  {%- set part = datepart | lower -%}
  {%- set d1 = '(' ~ first_date ~ ')::date' -%}
  {%- set d2 = '(' ~ second_date ~ ')::date' -%}
  {%- set t1 = '(' ~ first_date ~ ')::timestamp' -%}
  {%- set t2 = '(' ~ second_date ~ ')::timestamp' -%}
  {%- if part == 'year' -%}
    (date_part('year', {{ d2 }}) - date_part('year', {{ d1 }}))
  {%- elif part == 'quarter' -%}
    ({{ default__datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', {{ d2 }}) - date_part('quarter', {{ d1 }}))
  {%- elif part == 'month' -%}
    ({{ default__datediff(first_date, second_date, 'year') }} * 12 + date_part('month', {{ d2 }}) - date_part('month', {{ d1 }}))
  {%- elif part == 'day' -%}
    ({{ d2 }} - {{ d1 }})
  {%- elif part == 'week' -%}
    {#- Week boundaries (Sunday to Monday, as date_part('dow') counts) crossed between the two days. -#}
    (({{ d2 }} - date_part('dow', {{ d2 }})::int) - ({{ d1 }} - date_part('dow', {{ d1 }})::int)) / 7
  {%- elif part == 'hour' -%}
    ({{ default__datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', {{ t2 }}) - date_part('hour', {{ t1 }}))
  {%- elif part == 'minute' -%}
    ({{ default__datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', {{ t2 }}) - date_part('minute', {{ t1 }}))
  {%- elif part == 'second' -%}
    ({{ default__datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', {{ t2 }})) - floor(date_part('second', {{ t1 }})))
  {%- elif part == 'millisecond' -%}
    ({{ default__datediff(first_date, second_date, 'minute') }} * 60000 + floor(date_part('millisecond', {{ t2 }})) - floor(date_part('millisecond', {{ t1 }})))
  {%- elif part == 'microsecond' -%}
    ({{ default__datediff(first_date, second_date, 'minute') }} * 60000000 + floor(date_part('microsecond', {{ t2 }})) - floor(date_part('microsecond', {{ t1 }})))
  {%- else -%}
    {{ exceptions.raise_compiler_error("datediff does not know the datepart '" ~ datepart ~ "' (year, quarter, month, week, day, hour, minute, second, millisecond, microsecond)") }}
  {%- endif -%}
{%- endmacro %}

{% macro last_day(date, datepart) %}{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}{% endmacro %}
{% macro default__last_day(date, datepart) -%}
  {%- set span = "interval '3 month'" if (datepart | lower) == 'quarter' else "interval '1 " ~ datepart ~ "'" -%}
  cast(date_trunc('{{ datepart }}', {{ date }}) + {{ span }} - interval '1 day' as date)
{%- endmacro %}

{% macro date(year, month, day) %}{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}{% endmacro %}
{% macro default__date(year, month, day) -%}
  make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{# Casts. #}
{% macro cast(field, type) %}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{% endmacro %}
{% macro default__cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro safe_cast(field, type) %}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{% endmacro %}
{#- PostgreSQL has no cast that yields null on failure: a plain cast, as dbt-postgres. -#}
{% macro default__safe_cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro cast_bool_to_text(field) %}{{ return(adapter.dispatch('cast_bool_to_text', 'dbt')(field)) }}{% endmacro %}
{% macro default__cast_bool_to_text(field) %}cast({{ field }} as {{ type_string() }}){% endmacro %}

{# Strings. #}
{% macro concat(fields) %}{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}{% endmacro %}
{% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro hash(field) %}{{ return(adapter.dispatch('hash', 'dbt')(field)) }}{% endmacro %}
{% macro default__hash(field) %}md5(cast({{ field }} as {{ type_string() }})){% endmacro %}
{% macro length(expression) %}{{ return(adapter.dispatch('length', 'dbt')(expression)) }}{% endmacro %}
{% macro default__length(expression) %}length({{ expression }}){% endmacro %}
{% macro position(substring_text, string_text) %}{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}{% endmacro %}
{% macro default__position(substring_text, string_text) %}position({{ substring_text }} in {{ string_text }}){% endmacro %}
{% macro replace(field, old_chars, new_chars) %}{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}{% endmacro %}
{% macro default__replace(field, old_chars, new_chars) %}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){% endmacro %}
{% macro right(string_text, length_expression) %}{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}{% endmacro %}
{% macro default__right(string_text, length_expression) %}right({{ string_text }}, {{ length_expression }}){% endmacro %}
{% macro split_part(string_text, delimiter_text, part_number) %}{{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}{% endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
  {%- if part_number >= 0 -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
  {%- else -%}
    {#- Counted from the end: -1 is the last part. -#}
    split_part({{ string_text }}, {{ delimiter_text }}, (length({{ string_text }}) - length(replace({{ string_text }}, {{ delimiter_text }}, ''))) / length({{ delimiter_text }}) + 2 + ({{ part_number }}))
  {%- endif -%}
{%- endmacro %}
{% macro escape_single_quotes(expression) %}{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}{% endmacro %}
{% macro default__escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}
{% macro string_literal(value) %}{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}{% endmacro %}
{% macro default__string_literal(value) %}'{{ value | replace("'", "''") }}'{% endmacro %}

{# Aggregates. #}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) %}{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}{% endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
  {%- else -%}
    string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
  {%- endif -%}
{%- endmacro %}
{% macro any_value(expression) %}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{% endmacro %}
{% macro default__any_value(expression) %}min({{ expression }}){% endmacro %}
{% macro bool_or(expression) %}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{% endmacro %}
{% macro default__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}

{# Arrays. #}
{% macro array_construct(inputs=[], data_type=none) %}{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type if data_type is not none else type_int())) }}{% endmacro %}
{% macro default__array_construct(inputs, data_type) %}array[{{ inputs | join(' , ') }}]::{{ data_type }}[]{% endmacro %}
{% macro array_append(array, new_element) %}{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}{% endmacro %}
{% macro default__array_append(array, new_element) %}array_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro array_concat(array_1, array_2) %}{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}{% endmacro %}
{% macro default__array_concat(array_1, array_2) %}array_cat({{ array_1 }}, {{ array_2 }}){% endmacro %}

{# Sets. #}
{% macro except() %}{{ return(adapter.dispatch('except', 'dbt')()) }}{% endmacro %}
{% macro default__except() %}except{% endmacro %}
{% macro intersect() %}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{% endmacro %}
{% macro default__intersect() %}intersect{% endmacro %}

{# Series: the numbers 1 to upper_bound, as generated_number. #}
{% macro generate_series(upper_bound) %}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__generate_series(upper_bound) %}select generated_number from generate_series(1, {{ upper_bound }}) as generated_number{% endmacro %}
{% macro get_powers_of_two(upper_bound) %}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
  {%- if upper_bound <= 0 -%}
    {{ exceptions.raise_compiler_error("get_powers_of_two needs an upper bound of 1 or more") }}
  {%- endif -%}
  {%- set n = namespace(powers=0) -%}
  {%- for i in range(64) -%}{%- if n.powers == 0 and 2 ** i >= upper_bound -%}{%- set n.powers = i -%}{%- endif -%}{%- endfor -%}
  {{ return(n.powers) }}
{%- endmacro %}

{# The number of datepart boundaries between two dates, asked of the database (needs it). #}
{% macro get_intervals_between(start_date, end_date, datepart) %}{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}{% endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
  {%- if execute -%}
    {%- set result = run_query('select ' ~ datediff(start_date, end_date, datepart) ~ ' as intervals') -%}
    {{ return(result.columns[0].values()[0] | int) }}
  {%- else -%}
    {{ return(1) }}
  {%- endif -%}
{%- endmacro %}
