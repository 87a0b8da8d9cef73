import guide from '../../../docs/lti.md?raw';

/**
 * `/admin/lti/guide`: the LMS set-up guide (docs/lti.md) as the admin reads it beside the platforms page; the
 * text is built into this page's chunk, so it needs no network and matches the deployed version.
 */
export default function LtiGuidePage() {
  return (
    <>
      <p>
        <a href="/admin/lti">Back to the LMS platforms</a>
      </p>
      <article class="panel" aria-label="LMS set-up guide (docs/lti.md)">
        <pre class="doc-text">{guide}</pre>
      </article>
    </>
  );
}
