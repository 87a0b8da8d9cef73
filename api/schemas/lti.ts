import { z } from '@hono/zod-openapi';
import { gradeSchema } from './cohorts';

// Platforms' endpoints must be https in production; http is allowed for a platform on this machine (tests, local LMS).
const endpoint = z
  .url()
  .max(2_000)
  .refine(
    (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u),
    'Use an https URL.',
  );

export const platformInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the platform.').max(120),
    issuer: z
      .url('The issuer is a URL (the platform ID the LMS shows, such as https://moodle.example.edu).')
      .trim()
      .max(500)
      .refine(
        (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u),
        'The issuer is an https URL.',
      )
      .openapi({ example: 'https://moodle.example.edu' }),
    clientId: z.string().trim().min(1).max(255),
    authUrl: endpoint.openapi({ example: 'https://moodle.example.edu/mod/lti/auth.php' }),
    tokenUrl: endpoint.openapi({ example: 'https://moodle.example.edu/mod/lti/token.php' }),
    jwksUrl: endpoint.openapi({ example: 'https://moodle.example.edu/mod/lti/certs.php' }),
    deploymentIds: z
      .array(z.string().trim().min(1).max(255))
      .min(1, 'Add the deployment id the LMS shows.')
      .max(50),
  })
  .openapi('LtiPlatformInput');

export const platformSchema = platformInputSchema
  .extend({ id: z.string(), createdAt: z.number() })
  .openapi('LtiPlatform');

export const platformPatchSchema = platformInputSchema
  .pick({ name: true, authUrl: true, tokenUrl: true, jwksUrl: true, deploymentIds: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field.')
  .openapi('LtiPlatformPatch');

export const removePlatformQuery = z.object({
  mappings: z.enum(['keep', 'delete']).default('keep').openapi({
    description:
      "keep (default): the platform's users, courses and links stay mapped, and registering it again restores them; delete: they are forgotten and its users' sessions end.",
  }),
});

export const platformIdParams = z.object({ id: z.uuid('Not a valid platform id.') });
export const ltiAssignmentParams = z.object({ id: z.uuid('Not a valid assignment id.') });
export const gradePostParams = z.object({
  id: z.uuid('Not a valid assignment id.'),
  runId: z.uuid('Not a valid run id.'),
});

export const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('Jwks');

export const gradingSchema = z
  .object({
    grade: gradeSchema,
    lineItemUrl: z.string().nullable(),
    posts: z.array(
      z.object({
        runId: z.string(),
        student: z.string(),
        status: z.enum(['pending', 'sent', 'failed']).openapi({
          description: 'failed: the LMS refused it for good (400, 403, 404); retried only by hand.',
        }),
        attempts: z.number(),
        lastError: z.string().nullable(),
        nextAttemptAt: z.number(),
        sentAt: z.number().nullable(),
      }),
    ),
  })
  .openapi('LtiGrading');

/** OIDC third-party-initiated login (LTI 1.3 Core 5.1.1): from the query (GET) or the form (POST). */
export const loginParamsSchema = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2_000),
  target_link_uri: z.url().max(2_000),
  lti_message_hint: z.string().max(4_000).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

/** The platform's form post to the launch (OIDC form_post response). */
export const launchFormSchema = z.object({
  id_token: z.string().min(1).max(32_000),
  state: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

export const continueQuerySchema = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

export const cohortIdParams = z.object({ id: z.uuid('Not a valid cohort id.') });

export const lmsCourseSchema = z
  .object({
    platform: z.string(),
    roster: z.boolean().openapi({ description: 'Whether the LMS offers the roster (NRPS).' }),
    rosterSyncedAt: z.number().nullable(),
  })
  .openapi('LmsCourse');

export const rosterSyncSchema = lmsCourseSchema
  .extend({
    learners: z.number().openapi({ description: 'Active learners in the roster.' }),
    removed: z.number(),
  })
  .openapi('RosterSync');

/** The deep-linking picker's form (api/lti/pages.ts): the request's code, `slug` or `slug:side`, an optional day. */
export const deepLinkFormSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  pick: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}(:[a-z0-9][a-z0-9-]{0,63})?$/),
  due: z
    .union([z.literal(''), z.iso.date()])
    .optional()
    .transform((d) => d || undefined),
});

export const registrationUrlSchema = z
  .object({ url: z.string(), expiresAt: z.number() })
  .openapi('LtiRegistrationUrl');

/** What the LMS appends to our registration URL (LTI Dynamic Registration 3.1), beside the admin's code. */
export const registerQuerySchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  openid_configuration: endpoint,
  registration_token: z.string().min(1).max(4_000).optional(),
});

// The browser-facing endpoints (routes/lti-launch.ts) answer pages, so they are plain routes; api/app.ts still
// describes them in the document with these.
const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const form = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/x-www-form-urlencoded': { schema } } },
});
const pageResponses = {
  200: page('A page.'),
  302: { description: 'To the LMS.' },
  303: { description: 'Into Crisis Desk.' },
  400: page('A refusal page with its code.'),
  401: page('A refusal page with its code.'),
  403: page('A refusal page with its code.'),
};
export const ltiBrowserPaths = [
  {
    method: 'get',
    path: '/lti/login',
    summary: 'OIDC third-party-initiated login from the LMS; redirects to its authorisation endpoint',
    request: { query: loginParamsSchema },
  },
  {
    method: 'post',
    path: '/lti/login',
    summary: 'OIDC third-party-initiated login from the LMS (form post)',
    request: form(loginParamsSchema),
  },
  {
    method: 'post',
    path: '/lti/launch',
    summary: "The LMS's form post of the id_token (resource link or deep-linking request)",
    request: form(launchFormSchema),
  },
  {
    method: 'get',
    path: '/lti/continue',
    summary: 'Continue a launch from an LMS iframe in a new window (single-use code)',
    request: { query: continueQuerySchema },
  },
  {
    method: 'post',
    path: '/lti/deep-link',
    summary: "The deep-linking picker's choice; answers the signed response for the LMS",
    request: form(deepLinkFormSchema),
  },
  {
    method: 'get',
    path: '/lti/register',
    summary: 'LTI Dynamic Registration, opened by the LMS with the URL an admin made',
    request: { query: registerQuerySchema },
  },
].map((p) => ({ ...p, method: p.method as 'get' | 'post', tags: ['LTI'], responses: pageResponses }));
