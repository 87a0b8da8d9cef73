import guide from '../../../docs/lti.md?raw';
import { t } from '../i18n';

/**
 * `/admin/lti/guide`: the LMS set-up guide (docs/lti.md) as the admin reads it beside the platforms page; the
 * text is built into this page's chunk, so it needs no network and matches the deployed version.
 */
export default function LtiGuidePage() {
  return (
    <>
      <p>
        <a href="/admin/lti">{t('docs.backLms')}</a>
      </p>
      <article class="panel" aria-label={t('docs.guide')} lang="en">
        <pre class="doc-text">{guide}</pre>
      </article>
    </>
  );
}
