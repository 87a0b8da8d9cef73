import type { JSX } from 'solid-js';
import { t } from '../i18n';

/** A polite loading line, announced to screen readers. */
export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('status.loading')}
    </p>
  );
}

/** A readable error with an optional way to try again. */
export function ErrorNotice(props: { message: string; retry?: () => void; children?: JSX.Element }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{props.message}</p>
      {props.children}
      {props.retry && (
        <button type="button" class="button button-secondary" onClick={() => props.retry!()}>
          {t('status.tryAgain')}
        </button>
      )}
    </div>
  );
}
