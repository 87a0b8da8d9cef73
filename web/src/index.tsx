/* @refresh reload */
import { render } from 'solid-js/web';
import { App } from './app';
import { initLocale } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The language (and, for Urdu or Persian, its messages) is settled before the first paint, so no page flashes English.
void initLocale().finally(() => render(() => <App />, root));
