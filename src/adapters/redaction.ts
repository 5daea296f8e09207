/**
 * Removing secrets from text before it reaches an error or a log. Drivers echo connection
 * strings and sometimes parts of their configuration; a password must never follow them out.
 */

const MASK = '****';

/** A function that masks the given secrets (and `user:password@` in any URL) in a text. */
export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret containing another is masked whole.
  const ordered = [...variants].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, `$1${MASK}@`);
    for (const secret of ordered) out = out.split(secret).join(MASK);
    return out;
  };
}
