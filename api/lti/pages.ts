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

function page(
  c: Context<AppEnv>,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 429,
  title: string,
  body: ReturnType<typeof html>,
  csp = FRAMEABLE_CSP,
) {
  c.header('Content-Security-Policy', csp);
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
export function refusalPage(
  c: Context<AppEnv>,
  status: 400 | 401 | 403 | 404 | 409 | 429,
  code: string,
  message: string,
) {
  return page(
    c,
    status,
    'This launch could not be accepted',
    html`<p>${message}</p>
      <p class="muted">
        Nobody was signed in. If this keeps happening, give your LMS administrator this code:
        <code>${code}</code>.
      </p>`,
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
      <p class="muted">
        The link works once, for two minutes. Launch again from your course if it has expired.
      </p>`,
  );
}

export type PickerOption = { value: string; label: string };

/** The deep-linking picker: the instructor chooses a scenario, a side and a due date for the new course link. */
export function deepLinkPickerPage(c: Context<AppEnv>, code: string, options: PickerOption[]) {
  return page(
    c,
    200,
    'Add a Crisis Desk scenario',
    html`<form method="post" action="/api/lti/deep-link">
      <input type="hidden" name="code" value="${code}" />
      <p>
        <label for="pick">Scenario and side</label><br />
        <select id="pick" name="pick" required>
          ${options.map((o) => html`<option value="${o.value}">${o.label}</option>`)}
        </select>
      </p>
      <p><label for="due">Due date (optional)</label><br /><input id="due" name="due" type="date" /></p>
      <p><button class="button" type="submit">Add to the course</button></p>
      <p class="muted">The link opens the scenario as an assignment of the course, graded out of 100.</p>
    </form>`,
  );
}

/**
 * Sends the signed LtiDeepLinkingResponse back to the LMS: a form posted by /lti-autosubmit.js (our CSP allows no
 * inline script), with a button for when scripts are off. form-action admits exactly the LMS's return URL's origin.
 */
export function deepLinkReturnPage(c: Context<AppEnv>, returnUrl: string, jwt: string) {
  const csp = contentSecurityPolicyHeader({ frameAncestors: ['*'], formAction: [new URL(returnUrl).origin] });
  return page(
    c,
    200,
    'Returning to your course',
    html`<form method="post" action="${returnUrl}" data-autosubmit>
        <input type="hidden" name="JWT" value="${jwt}" />
        <p><button class="button" type="submit">Return to the course</button></p>
      </form>
      <script src="/lti-autosubmit.js"></script>`,
    csp,
  );
}

/** Dynamic registration succeeded: say so, and tell the LMS to close its dialog (/lti-close.js). */
export function registeredPage(c: Context<AppEnv>, platformName: string, deploymentKnown: boolean) {
  return page(
    c,
    200,
    'Crisis Desk is registered',
    html`<p>${platformName} can now launch Crisis Desk.</p>
      ${deploymentKnown ? '' : html`<p class="muted">The LMS named no deployment yet; the first launch from it will record one.</p>`}
      <p class="muted">You can close this window.</p>
      <script src="/lti-close.js"></script>`,
  );
}
