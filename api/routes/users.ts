import { createRoute, z } from '@hono/zod-openapi';
import { listAccounts, setLocale, setRole } from '../db/queries/users';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireUser } from '../middleware/auth';
import { setLocaleSchema, setRoleSchema, userIdParams, userSchema } from '../schemas/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Accounts'],
  summary: 'All accounts (admin)',
  middleware: [requireUser('admin')] as const,
  responses: { 200: jsonResponse(z.array(userSchema), 'Every account.'), ...errorResponses(401, 403) },
});

const setRoleRoute = createRoute({
  method: 'put',
  path: '/{id}/role',
  tags: ['Accounts'],
  summary: "Set another account's role (admin); nobody changes their own",
  middleware: [requireUser('admin')] as const,
  request: { params: userIdParams, body: jsonBody(setRoleSchema) },
  responses: { 200: jsonResponse(userSchema, 'The updated account.'), ...errorResponses(400, 401, 403, 404) },
});

const setLocaleRoute = createRoute({
  method: 'put',
  path: '/me/locale',
  tags: ['Accounts'],
  summary: "Store the app language on the caller's account",
  description:
    "The app sends the language chosen in its header; a guest's choice stays in the browser (and the `lang` cookie).",
  middleware: [requireUser()] as const,
  request: { body: jsonBody(setLocaleSchema) },
  responses: { 200: jsonResponse(setLocaleSchema, 'The stored language.'), ...errorResponses(400, 401) },
});

export const userRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    return c.json(await listAccounts(c.var.db), 200);
  })
  .openapi(setLocaleRoute, async (c) => {
    const { locale } = c.req.valid('json');
    await setLocale(c.var.db, c.var.user.id, locale);
    return c.json({ locale }, 200);
  })
  .openapi(setRoleRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { role } = c.req.valid('json');
    if (id === c.var.user.id) throw new ApiError(403, 'own_role', 'Nobody can change their own role.');
    const updated = await setRole(c.var.db, id, role);
    if (!updated) throw new ApiError(404, 'not_found', 'No such account.');
    return c.json(updated, 200);
  });
