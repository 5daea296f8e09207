/** Keeping passwords out of messages: values under keys named like a password are never shown. */
import type { KeyPath } from './key-path.js';

const SECRET_KEYS = new Set(['password', 'pass', 'passwd', 'private_key', 'private_key_passphrase', 'token', 'secret']);

/** True when a key's value is a credential (password, pass, …). */
export function isSecretKey(key: string | number): boolean {
  return typeof key === 'string' && SECRET_KEYS.has(key.replace(/^\+/, '').toLowerCase());
}

/** True when any key along the path names a credential. */
export function pathHoldsSecret(path: KeyPath): boolean {
  return path.some(isSecretKey);
}

/** A copy of a value with every credential replaced by a mask, for messages and debug output. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '*****' : redactSecrets(v)]));
  }
  return value;
}
