/**
 * What a rendered config value is when dbt renders it natively (Jinja's NativeEnvironment reads
 * the output as a Python literal): `{{ 10 }}` is the number 10, `{{ target.name == 'prod' }}` is a
 * boolean, `None` is null; anything that is not such a literal stays the text it rendered to.
 */
export function nativeValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'True') return true;
  if (trimmed === 'False') return false;
  if (trimmed === 'None') return null;
  if (/^[-+]?\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    return Number.isSafeInteger(number) ? number : text;
  }
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}
