import { t } from '../i18n';

export default function NotFoundPage() {
  return (
    <section class="panel">
      <h1>{t('notFound.title')}</h1>
      <p>
        {t('notFound.body')} <a href="/">{t('notFound.back')}</a>.
      </p>
    </section>
  );
}
