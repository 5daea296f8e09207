{% macro drop_target_schemas() %}
  {#- CI: drops the pull request's schema and the custom ones built beside it (<schema>_staging, …):
      strata run-operation drop_target_schemas --target ci -#}
  {% if not target.name.startswith('ci') %}
    {{ exceptions.raise_compiler_error("drop_target_schemas drops only a CI target's schemas (a target named ci…), not " ~ target.name ~ "'s") }}
  {% endif %}
  {% set found = run_query("select nspname from pg_namespace where nspname = '" ~ target.schema ~ "' or nspname like '" ~ target.schema ~ "\\_%' order by 1") %}
  {% for schema in found.columns[0].values() %}
    {% do run_query('drop schema if exists ' ~ adapter.quote(schema) ~ ' cascade') %}
    {{ log('dropped schema ' ~ schema, info=True) }}
  {% endfor %}
{% endmacro %}
