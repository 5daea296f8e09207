import { Kwargs, isPlainObject } from '../runtime/values.js';

/** Double-quotes an identifier for PostgreSQL (the one quoting rule templates see). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export type RelationType = 'table' | 'view' | 'materialized_view' | 'cte' | 'external' | null;

interface Parts {
  readonly database: string | null;
  readonly schema: string | null;
  readonly identifier: string | null;
}

/**
 * A relation as templates see it (dbt's `Relation`): prints as `"db"."schema"."name"`, and has the
 * attributes and methods dbt packages use (`.schema`, `.identifier`, `.include()`, `.incorporate()`).
 */
export class TemplateRelation {
  constructor(
    readonly parts: Parts,
    readonly type: RelationType = null,
    readonly includePolicy: { database: boolean; schema: boolean; identifier: boolean } = { database: true, schema: true, identifier: true },
    readonly quotePolicy: { database: boolean; schema: boolean; identifier: boolean } = { database: true, schema: true, identifier: true },
    /** dbt's `limit`: with `--empty` a ref or source reads no rows (0); printed as a limited subquery. */
    readonly limit: number | null = null,
  ) {}

  get database(): string | null {
    return this.parts.database;
  }
  get schema(): string | null {
    return this.parts.schema;
  }
  get identifier(): string | null {
    return this.parts.identifier;
  }
  get name(): string | null {
    return this.parts.identifier;
  }
  get table(): string | null {
    return this.parts.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }

  /** The relation's SQL name with the included parts, each quoted per the quote policy. */
  render(): string {
    if (this.type === 'cte') return this.parts.identifier ?? '';
    const out: string[] = [];
    for (const key of ['database', 'schema', 'identifier'] as const) {
      const value = this.parts[key];
      if (!this.includePolicy[key] || value === null || value === '') continue;
      out.push(this.quotePolicy[key] ? quote(value) : value);
    }
    return out.join('.');
  }

  /** `relation.include(database=False)`: the same relation printing fewer parts. */
  include(...args: unknown[]): TemplateRelation {
    const kw = kwargsOf(args);
    return new TemplateRelation(this.parts, this.type, { ...this.includePolicy, ...booleanFlags(kw) }, this.quotePolicy, this.limit);
  }

  /** `relation.quote(identifier=False)`. */
  quote(...args: unknown[]): TemplateRelation {
    const kw = kwargsOf(args);
    return new TemplateRelation(this.parts, this.type, this.includePolicy, { ...this.quotePolicy, ...booleanFlags(kw) }, this.limit);
  }

  /** `relation.incorporate(path={'identifier': 'x'}, type='table')`. */
  incorporate(...args: unknown[]): TemplateRelation {
    const kw = kwargsOf(args);
    const path = kw.path;
    const parts = { ...this.parts };
    if (path instanceof Map) for (const [k, v] of path) assignPart(parts, String(k), v);
    else if (isPlainObject(path)) for (const [k, v] of Object.entries(path)) assignPart(parts, k, v);
    const type = (kw.type as RelationType | undefined) ?? this.type;
    return new TemplateRelation(parts, type, this.includePolicy, this.quotePolicy, this.limit);
  }

  /** `relation.replace_path(identifier='x')`. */
  replace_path(...args: unknown[]): TemplateRelation {
    const kw = kwargsOf(args);
    const parts = { ...this.parts };
    for (const [k, v] of Object.entries(kw)) assignPart(parts, k, v);
    return new TemplateRelation(parts, this.type, this.includePolicy, this.quotePolicy, this.limit);
  }

  /** Two relations are the same when their parts are. */
  __eq__(other: unknown): boolean {
    return (
      other instanceof TemplateRelation &&
      other.parts.database === this.parts.database &&
      other.parts.schema === this.parts.schema &&
      other.parts.identifier === this.parts.identifier
    );
  }

  /**
   * dbt's render_limited(): the name, or with a limit a subquery reading at most that many rows,
   * aliased as PostgreSQL requires (`(select * from "db"."s"."t" where false limit 0) _dbt_limit_subq_t`).
   */
  render_limited(): string {
    const rendered = this.render();
    if (this.limit === null) return rendered;
    const rows = this.limit === 0 ? 'where false limit 0' : `limit ${this.limit}`;
    return `(select * from ${rendered} ${rows}) _dbt_limit_subq_${this.parts.identifier ?? ''}`;
  }

  /** The same relation reading at most `limit` rows where it is printed (null: all). */
  limited(limit: number | null): TemplateRelation {
    return new TemplateRelation(this.parts, this.type, this.includePolicy, this.quotePolicy, limit);
  }

  __str__(): string {
    return this.render_limited();
  }
  __repr__(): string {
    return `<PostgresRelation ${this.render()}>`;
  }
  toString(): string {
    return this.render_limited();
  }
}

function assignPart(parts: { database: string | null; schema: string | null; identifier: string | null }, key: string, value: unknown): void {
  if (key === 'database' || key === 'schema' || key === 'identifier') parts[key] = value === null ? null : String(value);
}

function kwargsOf(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? last.values : {};
}

function booleanFlags(kw: Record<string, unknown>): Partial<Record<'database' | 'schema' | 'identifier', boolean>> {
  const out: Partial<Record<'database' | 'schema' | 'identifier', boolean>> = {};
  for (const key of ['database', 'schema', 'identifier'] as const) if (typeof kw[key] === 'boolean') out[key] = kw[key] as boolean;
  return out;
}

/** `api.Relation.create(database=…, schema=…, identifier=…, type=…)`. */
export function createRelation(...args: unknown[]): TemplateRelation {
  const kw = kwargsOf(args);
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
  return new TemplateRelation(
    { database: str(kw.database), schema: str(kw.schema), identifier: str(kw.identifier ?? kw.name) },
    (kw.type as RelationType | undefined) ?? null,
  );
}
