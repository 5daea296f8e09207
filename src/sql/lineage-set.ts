/** An upstream column: a column of a model, seed, snapshot or source. */
export interface ColumnSource {
  readonly unique_id: string;
  readonly column: string;
}

/**
 * What one value depends on. `derives` are the columns its value is computed from;
 * `influences` are columns that only choose or order the rows it is computed over
 * (window PARTITION BY / ORDER BY, an aggregate's ORDER BY and FILTER, EXISTS subqueries);
 * `unresolved` says why part of it could not be traced.
 */
export class LineageSet {
  readonly derives = new Map<string, ColumnSource>();
  readonly influences = new Map<string, ColumnSource>();
  readonly unresolved = new Set<string>();

  static of(source: ColumnSource): LineageSet {
    const set = new LineageSet();
    set.derives.set(sourceKey(source), source);
    return set;
  }

  static unresolved(reason: string): LineageSet {
    const set = new LineageSet();
    set.unresolved.add(reason);
    return set;
  }

  /** Adds `other`; as an influence, its derived columns only influence this value. */
  add(other: LineageSet, role: 'derives' | 'influences' = 'derives'): this {
    for (const [key, source] of other.derives) (role === 'derives' ? this.derives : this.influences).set(key, source);
    for (const [key, source] of other.influences) this.influences.set(key, source);
    for (const reason of other.unresolved) this.unresolved.add(reason);
    return this;
  }

  addUnresolved(reason: string): this {
    this.unresolved.add(reason);
    return this;
  }
}

function sourceKey(source: ColumnSource): string {
  return `${source.unique_id}\u0000${source.column}`;
}

/** Sources in a stable order, so manifests and tests do not depend on traversal order. */
export function sortedSources(sources: Iterable<ColumnSource>): ColumnSource[] {
  return [...sources].sort((a, b) => compare(a.unique_id, b.unique_id) || compare(a.column, b.column));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
