/**
 * Depth limits on scenario input. Every recursive walk over a scenario (zod's parse, the validator, `holds`)
 * recurses once per level, so input is measured here first, without recursion, and refused when too deep.
 */
export const DEPTH = {
  /** Nesting of all / any / not inside one condition. */
  condition: 12,
  /** Nesting of any JSON value in a scenario file or draft: room for the format plus the deepest condition. */
  json: 64,
} as const;

const step = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * The path of the first value nested deeper than `max` (the top level is depth 0), or null; iterative, so any
 * depth that parsed is measured safely.
 * @example tooDeep({ a: { b: {} } }, 1) // 'a.b'
 */
export function tooDeep(value: unknown, max: number): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return path;
    if (Array.isArray(v))
      v.forEach((x, i) => stack.push({ value: x, path: step(path, i), depth: depth + 1 }));
    else
      for (const [k, x] of Object.entries(v)) stack.push({ value: x, path: step(path, k), depth: depth + 1 });
  }
  return null;
}

/**
 * How deep all / any / not nest in a condition (a plain test is 0), counted without recursion; an object that is
 * not a condition counts as a plain test.
 * @example conditionDepth({ not: { any: [{ flag: 'x', is: true }] } }) // 2
 */
export function conditionDepth(condition: unknown): number {
  let deepest = 0;
  const stack: { c: unknown; depth: number }[] = [{ c: condition, depth: 0 }];
  while (stack.length > 0) {
    const { c, depth } = stack.pop()!;
    if (c === null || typeof c !== 'object') continue;
    const o = c as Record<string, unknown>;
    const inner = Array.isArray(o.all) ? o.all : Array.isArray(o.any) ? o.any : 'not' in o ? [o.not] : null;
    if (!inner) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const x of inner) stack.push({ c: x, depth: depth + 1 });
  }
  return deepest;
}

/**
 * A copy of `value` with everything nested deeper than `max` replaced by null, made without recursion, so a draft
 * stored before the cap existed can still be sent (JSON.stringify recurses too).
 * @example clipDepth({ a: { b: { c: 1 } } }, 1) // { a: { b: null } }
 */
export function clipDepth<T>(value: T, max: number): T {
  const root: { v?: unknown } = {};
  const stack: {
    src: unknown;
    into: Record<string | number, unknown>;
    key: string | number;
    depth: number;
  }[] = [{ src: value, into: root, key: 'v', depth: 0 }];
  while (stack.length > 0) {
    const { src, into, key, depth } = stack.pop()!;
    if (src === null || typeof src !== 'object') into[key] = src;
    else if (depth > max) into[key] = null;
    else if (Array.isArray(src)) {
      const copy: unknown[] = new Array<unknown>(src.length);
      into[key] = copy;
      src.forEach((x, i) => stack.push({ src: x, into: copy as never, key: i, depth: depth + 1 }));
    } else {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      for (const [k, x] of Object.entries(src)) stack.push({ src: x, into: copy, key: k, depth: depth + 1 });
    }
  }
  return root.v as T;
}
