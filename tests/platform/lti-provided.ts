import type { JWK } from 'jose';

/** What the LTI platform simulator (lti-platform.ts) gives the api tests through vitest's provide/inject. */
type LtiPlatformInfo = { url: string; issuer: string; clientId: string; kid: string; privateJwk: JWK };

declare module 'vitest' {
  export interface ProvidedContext {
    ltiPlatform: LtiPlatformInfo;
  }
}
