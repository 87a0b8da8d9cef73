/** The few HTML pages the LMS-facing endpoints answer with (a browser, not our app, is on the other end). */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env';
import { contentSecurityPolicyHeader } from '../lib/csp';

/**
 * Our usual policy, except that these pages may show inside the LMS's iframe (the launch and its refusals land there);
 * they carry no script and only a link or a message, so framing them lends nothing to clickjacking.
 */
const FRAMEABLE_CSP = contentSecurityPolicyHeader({ frameAncestors: ['*'] });

function page(c: Context<AppEnv>, status: 200 | 400 | 401 | 403 | 404 | 409, title: string, body: ReturnType<typeof html>) {
  c.header('Content-Security-Policy', FRAMEABLE_CSP);
  c.header('Cache-Control', 'no-store');
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} · Crisis Desk</title>
          <link rel="stylesheet" href="/lti.css" />
        </head>
        <body>
          <main>
            <h1>${title}</h1>
            ${body}
          </main>
        </body>
      </html>`,
    status,
  );
}

/** A refused LMS request: what went wrong, in words, and the code to quote to an administrator. */
export function refusalPage(c: Context<AppEnv>, status: 400 | 401 | 403 | 404 | 409, code: string, message: string) {
  return page(
    c,
    status,
    'This launch could not be accepted',
    html`<p>${message}</p>
      <p class="muted">Nobody was signed in. If this keeps happening, give your LMS administrator this code: <code>${code}</code>.</p>`,
  );
}

/** The launch inside an iframe: our cookies cannot be set there, so the person continues in a new window. */
export function openInNewWindowPage(c: Context<AppEnv>, continueUrl: string) {
  return page(
    c,
    200,
    'Crisis Desk opens in its own window',
    html`<p>Crisis Desk cannot sign you in inside the course page (browsers block its cookie there).</p>
      <p><a class="button" href="${continueUrl}" target="_blank" rel="noopener">Open Crisis Desk</a></p>
      <p class="muted">The link works once, for two minutes. Launch again from your course if it has expired.</p>`,
  );
}
