import { app } from './app';

export { LiveSession } from './live/live-session';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
