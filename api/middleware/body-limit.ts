import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { BODY_LIMITS, tooLarge } from '../lib/limits';

/** Routes whose body is a whole scenario file; every other route takes `BODY_LIMITS.defaultBytes`. */
const SCENARIO_BODIES = [/^\/api\/studio\/scenarios\/[^/]+\/draft\/?$/, /^\/api\/scenarios\/import\/?$/];

const limited = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(
        `The request body is too large: this route takes at most ${Math.round(maxSize / 1024)} KB.`,
      );
    },
  });
const scenarioLimit = limited(BODY_LIMITS.scenarioBytes);
const defaultLimit = limited(BODY_LIMITS.defaultBytes);

/**
 * Refuses an oversized body with 413 `too_large` before anything parses it: by Content-Length when the request
 * has one, otherwise by counting a chunked body as it arrives and stopping at the limit.
 */
export const bodyLimits = createMiddleware<AppEnv>((c, next) =>
  (SCENARIO_BODIES.some((path) => path.test(c.req.path)) ? scenarioLimit : defaultLimit)(c, next),
);
