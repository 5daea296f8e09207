/**
 * `ref('x')` and `source('a', 'b')` calls with literal arguments anywhere in a template's Jinja,
 * including branches a render did not take (`{% if is_incremental() %}`), so the graph has the edge
 * even when the compile-time render skipped it. Jinja comments are ignored.
 */
const JINJA_COMMENT = /\{#[\s\S]*?#\}/g;
const JINJA_REGION = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const REF_CALL = /\bref\s*\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)/g;
const SOURCE_CALL = /\bsource\s*\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)/g;

export interface StaticRef {
  readonly name: string;
  readonly packageName?: string;
}

/** The literal refs and sources a template mentions. */
export function scanStaticRefs(source: string): { refs: StaticRef[]; sources: [string, string][] } {
  const refs: StaticRef[] = [];
  const sources: [string, string][] = [];
  if (!source.includes('ref') && !source.includes('source')) return { refs, sources };
  const withoutComments = source.replace(JINJA_COMMENT, '');
  for (const region of withoutComments.match(JINJA_REGION) ?? []) {
    for (const m of region.matchAll(REF_CALL)) refs.push(m[4] !== undefined ? { packageName: m[2]!, name: m[4] } : { name: m[2]! });
    for (const m of region.matchAll(SOURCE_CALL)) sources.push([m[2]!, m[4]!]);
  }
  return { refs, sources };
}
