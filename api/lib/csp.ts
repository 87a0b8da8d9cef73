/** The content security policy: our own origin only, and no inline script anywhere. */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The policy as a header value, with some directives replaced (for the few responses that need another one).
 * @example contentSecurityPolicyHeader({ frameAncestors: ['*'] })
 */
export function contentSecurityPolicyHeader(
  overrides: Partial<Record<keyof typeof contentSecurityPolicy, string[]>> = {},
): string {
  return Object.entries({ ...contentSecurityPolicy, ...overrides })
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}
