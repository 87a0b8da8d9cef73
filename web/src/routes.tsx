import type { RouteDefinition } from '@solidjs/router';
import { lazy } from 'solid-js';
import { HomePage } from './pages/home';

export const routes: RouteDefinition[] = [
  { path: '/', component: HomePage },
  { path: '*404', component: lazy(() => import('./pages/not-found')) },
];
