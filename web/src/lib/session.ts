import { createResource } from 'solid-js';
import { api, unwrap } from './api';

/** Who is signed in, shared by every page (null while a guest). */
const [me, { refetch, mutate }] = createResource(async () => unwrap(await api.auth.me.$get()));

export const session = { me, refresh: refetch, set: mutate };
