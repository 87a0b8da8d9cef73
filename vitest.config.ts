import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Tests never reach outside: no sample `Request.cf` fetch from Cloudflare.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';
// wrangler.toml declares AUTH_SECRET and SECRETS_KEY required secrets. The tests' Worker gets its own as bindings
// below (they win over a developer's .dev.vars); in the environment too, so wrangler does not warn they are missing.
const TEST_SECRETS = {
  AUTH_SECRET: 'tests-only-secret-0123456789abcdef0123456789',
  SECRETS_KEY: 'dGVzdHMtc2VjcmV0cy1rZXktY3VycmVudC0zMmJ5dGU=',
};
Object.assign(process.env, { ...TEST_SECRETS, ...process.env });

const migrations = await readD1Migrations('./migrations');

export default defineConfig({
  test: {
    projects: [
      {
        // The engine and other pure code, in Node.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // The Worker inside workerd with real D1 and Durable Objects.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                // wrangler.toml is production's; the tests run as local development does (.dev.vars), with the
                // secrets above (tests/api/deploy-safety.test.ts checks production without one).
                ENVIRONMENT: 'development',
                ...TEST_SECRETS,
                LOG_REQUESTS: 'false',
                ADMIN_EMAILS: 'dean@example.edu',
                LIVE_MAX_PARTICIPANTS: '4',
                // Sessions with a larger cap spread over fan-out objects of 4 (tests/api/live-shards.test.ts).
                LIVE_SHARD_SIZE: '4',
                // Secrets at rest (api/lib/secrets.ts) mid-rotation: values sealed by either key open.
                SECRETS_KEY_PREVIOUS: 'dGVzdHMtc2VjcmV0cy1rZXktcHJldmlvdXMtMzJieXQ=',
              },
            },
          }),
        ],
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          setupFiles: ['./tests/api/apply-migrations.ts'],
          // An LTI platform simulator on 127.0.0.1 (tests/platform/lti-platform.ts).
          globalSetup: ['./tests/platform/lti-platform.ts'],
        },
      },
      {
        // Real Chromium against the built app served by workerd.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
