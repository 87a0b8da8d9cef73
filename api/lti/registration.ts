/** LTI Dynamic Registration (1.0): read the platform's OpenID configuration, register our tool, keep what it answers. */
import { z } from 'zod';
import { SCOPE } from './claims';
import { PlatformError } from './services';

const TIMEOUT_MS = 10_000;
const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const openIdConfigurationSchema = z.object({
  issuer: z.string().min(1).max(500),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  [PLATFORM_CONFIGURATION]: z.object({ product_family_code: z.string().max(100).optional() }).optional(),
});

const registrationResponseSchema = z.object({
  client_id: z.string().min(1).max(255),
  [TOOL_CONFIGURATION]: z.object({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

/**
 * Our client registration (LTI Dynamic Registration 3.3): the launch, login and keys URLs, private_key_jwt, the
 * AGS and NRPS scopes, and both messages (the deep-linking picker and resource links).
 */
export function toolRegistration(origin: string) {
  const launch = `${origin}/api/lti/launch`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${origin}/api/lti/login`,
    redirect_uris: [launch],
    client_name: 'Crisis Desk',
    jwks_uri: `${origin}/api/lti/jwks`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: [SCOPE.score, SCOPE.lineItem, SCOPE.resultReadonly, SCOPE.membershipReadonly].join(' '),
    [TOOL_CONFIGURATION]: {
      domain: new URL(origin).host,
      target_link_uri: launch,
      description: 'Branching decision scenarios for crisis training.',
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
      messages: [
        { type: 'LtiDeepLinkingRequest', target_link_uri: launch, label: 'Crisis Desk scenario' },
        { type: 'LtiResourceLinkRequest', target_link_uri: launch },
      ],
    },
  };
}

async function json(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new PlatformError(`${what} answered ${response.status}`);
  return response.json().catch(() => {
    throw new PlatformError(`${what} answered something other than JSON`);
  });
}

/** Registers us with the platform whose configuration URL the LMS gave; returns the platform to store. */
export async function registerWithPlatform(args: {
  origin: string;
  configurationUrl: string;
  registrationToken: string | undefined;
}) {
  const configuration = openIdConfigurationSchema.safeParse(
    await json(
      await fetch(args.configurationUrl, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }),
      'the openid_configuration',
    ),
  );
  if (!configuration.success)
    throw new PlatformError("the platform's openid_configuration lacks an endpoint we need");
  const config = configuration.data;
  // LTI Dynamic Registration 1.0, 3.5.1: the issuer is on the host the configuration came from, so a configuration
  // URL cannot register us for another LMS's issuer (and later take its launches).
  const issuerHost = URL.canParse(config.issuer) ? new URL(config.issuer).host : null;
  if (issuerHost !== new URL(args.configurationUrl).host)
    throw new PlatformError(
      `the openid_configuration names the issuer ${config.issuer}, which is not on its own host (${new URL(args.configurationUrl).host})`,
    );
  const answer = registrationResponseSchema.safeParse(
    await json(
      await fetch(config.registration_endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(args.registrationToken ? { Authorization: `Bearer ${args.registrationToken}` } : {}),
        },
        body: JSON.stringify(toolRegistration(args.origin)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }),
      'the registration endpoint',
    ),
  );
  if (!answer.success) throw new PlatformError('the registration endpoint answered no client_id');
  const deploymentId = answer.data[TOOL_CONFIGURATION]?.deployment_id;
  return {
    // Two LMSs of one product must not show under one name: the product and the issuer's host.
    name: [config[PLATFORM_CONFIGURATION]?.product_family_code, `(${issuerHost})`].filter(Boolean).join(' '),
    issuer: config.issuer,
    clientId: answer.data.client_id,
    authUrl: config.authorization_endpoint,
    tokenUrl: config.token_endpoint,
    jwksUrl: config.jwks_uri,
    deploymentIds: deploymentId ? [deploymentId] : [],
  };
}
