import { z } from '@hono/zod-openapi';
import { nameSchema } from './common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../lib/password-policy';

export const emailSchema = z
  .email('Enter a valid email address.')
  .max(254)
  .transform((e) => e.trim().toLowerCase())
  .openapi({ example: 'student@example.edu' });

// NIST SP 800-63B: a length floor, any characters, no composition rules; the blocklist is checked in the route
// (api/lib/password-policy.ts), where the email and name it compares against are known.
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .openapi({ example: 'correct horse battery staple' });

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    displayName: nameSchema(80, 'Enter your name.'),
  })
  .openapi('SignUp');

export const signInSchema = z
  .object({ email: emailSchema, password: z.string().min(1, 'Enter your password.').max(200) })
  .openapi('SignIn');

export const roleSchema = z.enum(['student', 'instructor', 'admin']);

/** The app's languages (web/src/i18n/locales.ts): English, Urdu, Persian. */
export const localeSchema = z.enum(['en', 'ur', 'fa']).openapi({ description: 'English, Urdu or Persian.' });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    locale: localeSchema
      .nullable()
      .optional()
      .openapi({ description: 'The language chosen in the app, if any.' }),
  })
  .openapi('User');

export const meSchema = z
  .object({
    user: userSchema.nullable(),
    guest: z.boolean().openapi({ description: 'True when playing under a guest cookie.' }),
  })
  .openapi('Me');

export const setLocaleSchema = z.object({ locale: localeSchema }).openapi('SetLocale');

export const setRoleSchema = z.object({ role: roleSchema }).openapi('SetRole');
export const userIdParams = z.object({ id: z.uuid('Not a valid id.') });
