import type { RouteDefinition } from '@solidjs/router';
import { lazy } from 'solid-js';
import { withAreas } from './i18n';
import { HomePage } from './pages/home';

const SignInPage = lazy(() => withAreas(['account'], () => import('./pages/sign-in')));

// Pages other than the home page load on demand, each with its messages in the reader's language, so each route
// fetches only its own code and words.
export const routes: RouteDefinition[] = [
  { path: '/', component: HomePage },
  { path: '/signin', component: () => <SignInPage mode="signin" /> },
  { path: '/signup', component: () => <SignInPage mode="signup" /> },
  {
    path: '/scenarios/:slug',
    component: lazy(() => withAreas(['play'], () => import('./pages/choose-side'))),
  },
  { path: '/play/:id', component: lazy(() => withAreas(['play'], () => import('./pages/play'))) },
  { path: '/progress', component: lazy(() => withAreas(['account'], () => import('./pages/progress'))) },
  { path: '/join/:code?', component: lazy(() => withAreas(['account'], () => import('./pages/join'))) },
  { path: '/teach', component: lazy(() => withAreas(['teach'], () => import('./pages/teach'))) },
  { path: '/teach/:id', component: lazy(() => withAreas(['teach'], () => import('./pages/cohort'))) },
  {
    path: '/teach/:id/assignments/:assignmentId',
    component: lazy(() => withAreas(['teach', 'play', 'account'], () => import('./pages/results'))),
  },
  {
    path: '/live',
    component: lazy(() =>
      withAreas(['live'], () => import('./pages/live-participant')).then((m) => ({
        default: m.LiveCodePage,
      })),
    ),
  },
  {
    path: '/live/:code',
    component: lazy(() => withAreas(['live', 'play'], () => import('./pages/live-participant'))),
  },
  {
    path: '/live/:code/console',
    component: lazy(() => withAreas(['live', 'play', 'teach'], () => import('./pages/live-console'))),
  },
  {
    path: '/live/:code/projector',
    component: lazy(() => withAreas(['live', 'play'], () => import('./pages/live-projector'))),
  },
  {
    path: '/teach/live',
    component: lazy(() =>
      withAreas(['live', 'teach'], () => import('./pages/live-console')).then((m) => ({
        default: m.StartLivePage,
      })),
    ),
  },
  { path: '/studio', component: lazy(() => withAreas(['teach'], () => import('./pages/studio'))) },
  {
    path: '/studio/:slug',
    component: lazy(() => withAreas(['teach', 'play'], () => import('./pages/studio-editor'))),
  },
  { path: '/admin/lti', component: lazy(() => withAreas(['teach'], () => import('./pages/lti-admin'))) },
  {
    path: '/admin/lti/guide',
    component: lazy(() => withAreas(['teach'], () => import('./pages/lti-guide'))),
  },
  { path: '/api-docs', component: lazy(() => withAreas(['teach'], () => import('./pages/api-docs'))) },
  { path: '*404', component: lazy(() => import('./pages/not-found')) },
];
