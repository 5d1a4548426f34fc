/**
 * Runs `fn`, swallowing whatever it throws: the tag runs inside other people's pages, where an
 * exception of ours would break their code, so no public method, listener or timer lets one out.
 */
export function safe<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch {
      return undefined;
    }
  };
}

export function noop(): void {}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function now(): string {
  return new Date().toISOString();
}

/** A v4 UUID. `randomUUID` exists only in secure contexts, so plain-http sites get the fallback. */
export function uuid(): string {
  const c = self.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.random() * 256;
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i]! + 256).toString(16).slice(1);
  return s;
}

/**
 * localStorage that never throws: it is absent or throws on access when storage is blocked (Safari
 * private mode, disabled cookies, sandboxed frames), and the tag then keeps its state in memory.
 */
export function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function save(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage refused: the value lives in memory for this page only.
  }
}
