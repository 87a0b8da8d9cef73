import { z } from 'zod';

/** Nicknames: short, printable, and not abusive (a small word list; facilitators can remove anyone). */
const BLOCKED = /(fuck|shit|cunt|nigg|fag|rape|nazi|hitler|kill\s*yourself|whore|slut|retard)/i;
export const nicknameSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters.')
  .max(24, 'Use at most 24 characters.')
  .regex(/^[\p{L}\p{N} ._'-]+$/u, 'Use letters, digits, spaces and . _ \' - only.')
  .refine((name) => !BLOCKED.test(name.replace(/[^a-z]/gi, '')), 'Choose another nickname.');

/** Messages a participant may send. */
export const participantMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), nickname: nicknameSchema, team: z.string().max(64).optional() }),
  z.object({ type: z.literal('vote'), choiceId: z.string().min(1).max(64), reason: z.string().trim().max(140).optional() }),
  z.object({ type: z.literal('ping') }),
]);

/** Messages only the facilitator may send. */
export const facilitatorMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), seconds: z.number().int().min(10).max(600).optional() }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('advance'), choiceId: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('back') }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('move'), participantId: z.string().max(64), team: z.string().max(64) }),
  z.object({ type: z.literal('remove'), participantId: z.string().max(64) }),
  z.object({ type: z.literal('ping') }),
]);

export type ParticipantMessage = z.infer<typeof participantMessageSchema>;
export type FacilitatorMessage = z.infer<typeof facilitatorMessageSchema>;
export type Role = 'facilitator' | 'projector' | 'participant';
