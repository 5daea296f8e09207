/** Running callbacks that may return Promises (host filters, macros) without paying for async when they don't. */

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** Maps items through fn in order; returns an array, or a Promise of one if any call returned a Promise. */
export function mapMaybeAsync<T>(items: readonly T[], fn: (item: T) => unknown): unknown[] | Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const result = fn(items[i]!);
    if (isThenable(result)) {
      return (async () => {
        out.push(await result);
        for (let j = i + 1; j < items.length; j++) out.push(await fn(items[j]!));
        return out;
      })();
    }
    out.push(result);
  }
  return out;
}

/** Applies `then` to a value or to the result of a Promise. */
export function thenMaybe<T, R>(value: T | Promise<T>, then: (value: T) => R): R | Promise<R> {
  return isThenable(value) ? (value as Promise<T>).then(then) : then(value as T);
}
