import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '../lib/errors';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'The request body is not valid.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The input is not valid; details list every problem.',
  401: 'Not signed in.',
  403: 'Signed in, but not allowed.',
  404: 'No such thing, or not yours.',
  409: 'The request conflicts with the current state.',
  413: 'The request body is over the size limit (`too_large`).',
  426: 'A WebSocket upgrade is required.',
  429: 'Too many attempts; see Retry-After.',
};

/** OpenAPI entries for the error statuses a route can answer with (all in the one error shape). */
export function errorResponses<const S extends readonly (keyof typeof ERROR_DESCRIPTIONS)[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status]!, content: { 'application/json': { schema: errorSchema } } },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { 'application/json': { schema: typeof errorSchema } };
    };
  };
}

/** An OpenAPI JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** An OpenAPI JSON response. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A cited source as the player sees it, with the locators the citing text names. */
export const sourceView = z.object({
  id: z.string(),
  title: z.string(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  reliability: z.enum(['A', 'B', 'C']).optional(),
  passage: z.string().optional(),
  locators: z.array(z.string()),
});

/** Control characters (NUL among them) and the bidi controls that reorder how text around a name reads. */
const UNSAFE_IN_NAMES = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * A name people read (a display name, a cohort's name): stored in NFKC like live nicknames, trimmed, and refused
 * with a clear message when it holds control or bidi-override characters.
 */
export const nameSchema = (max: number, empty: string) =>
  z
    .string()
    .normalize('NFKC')
    .trim()
    .min(1, empty)
    .max(max)
    .refine(
      (s) => !UNSAFE_IN_NAMES.test(s),
      'Use letters, digits, spaces and punctuation only: no control characters.',
    );
