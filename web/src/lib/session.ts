import { createEffect, createResource, createRoot, on } from 'solid-js';
import { locale, rememberedLocale, setLocale, type Locale } from '../i18n';
import { api, unwrap } from './api';

/** Who is signed in, shared by every page (null while a guest). */
const [me, { refetch, mutate }] = createRoot(() =>
  createResource(async () => unwrap(await api.auth.me.$get())),
);

export const session = { me, refresh: refetch, set: mutate };

/**
 * Switches the app's language from the header: on this device, and on the account when someone is signed in (a
 * failed save leaves the device's choice in place; it is saved again with the next change).
 */
export async function chooseLocale(next: Locale): Promise<void> {
  await setLocale(next);
  const current = me();
  if (!current?.user) return;
  mutate({ ...current, user: { ...current.user, locale: next } });
  await api.users.me.locale.$put({ json: { locale: next } }).catch(() => undefined);
}

// On sign-in, the account's language wins; an account with none yet takes the one chosen on this device.
createRoot(() =>
  createEffect(
    on(
      () => me()?.user,
      (user) => {
        if (!user) return;
        if (user.locale && user.locale !== locale()) void setLocale(user.locale);
        else if (!user.locale && rememberedLocale())
          void api.users.me.locale.$put({ json: { locale: locale() } }).catch(() => undefined);
      },
    ),
  ),
);
