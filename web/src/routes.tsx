import type { RouteDefinition } from '@solidjs/router';
import { lazy } from 'solid-js';
import { HomePage } from './pages/home';

const SignInPage = lazy(() => import('./pages/sign-in'));

// Pages other than the home page load on demand, so each route fetches only its own code.
export const routes: RouteDefinition[] = [
  { path: '/', component: HomePage },
  { path: '/signin', component: () => <SignInPage mode="signin" /> },
  { path: '/signup', component: () => <SignInPage mode="signup" /> },
  { path: '/scenarios/:slug', component: lazy(() => import('./pages/choose-side')) },
  { path: '/play/:id', component: lazy(() => import('./pages/play')) },
  { path: '/progress', component: lazy(() => import('./pages/progress')) },
  { path: '/join/:code?', component: lazy(() => import('./pages/join')) },
  { path: '/teach', component: lazy(() => import('./pages/teach')) },
  { path: '/teach/:id', component: lazy(() => import('./pages/cohort')) },
  { path: '/teach/:id/assignments/:assignmentId', component: lazy(() => import('./pages/results')) },
  {
    path: '/live',
    component: lazy(() => import('./pages/live-participant').then((m) => ({ default: m.LiveCodePage }))),
  },
  { path: '/live/:code', component: lazy(() => import('./pages/live-participant')) },
  { path: '/live/:code/console', component: lazy(() => import('./pages/live-console')) },
  { path: '/live/:code/projector', component: lazy(() => import('./pages/live-projector')) },
  {
    path: '/teach/live',
    component: lazy(() => import('./pages/live-console').then((m) => ({ default: m.StartLivePage }))),
  },
  { path: '/studio', component: lazy(() => import('./pages/studio')) },
  { path: '/studio/:slug', component: lazy(() => import('./pages/studio-editor')) },
  { path: '/admin/lti', component: lazy(() => import('./pages/lti-admin')) },
  { path: '/admin/lti/guide', component: lazy(() => import('./pages/lti-guide')) },
  { path: '/api-docs', component: lazy(() => import('./pages/api-docs')) },
  { path: '*404', component: lazy(() => import('./pages/not-found')) },
];
