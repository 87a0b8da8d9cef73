import { plural } from './format';

const p = (n: number, one: string, other: string) => plural('en', n, { one, other });

/**
 * The English messages: the source every translation follows (docs/translation.md). Plain strings take
 * `{{ name }}` placeholders; counts are functions so each language applies its own plural rules.
 */
export const dict = {
  app: {
    name: 'Crisis Desk',
    loadingPage: 'Loading the page',
    skip: 'Skip to content',
    mainNav: 'Main',
    scenarios: 'Scenarios',
    progress: 'Progress',
    teach: 'Teach',
    studio: 'Studio',
    signIn: 'Sign in',
    signOut: 'Sign out',
    language: 'Language',
    footer:
      'Crisis Desk is open source. Scenario content cites its sources; where a fact is uncertain, the text says so.',
    api: 'API',
    lms: 'LMS platforms',
    contentNote: 'Scenario text is in English for now.',
  },
  status: {
    loading: 'Loading…',
    tryAgain: 'Try again',
    offline: 'Could not reach the server. Check your connection and try again.',
    noBody: 'The server answered {{ status }} without a readable body.',
    answered: 'The server answered {{ status }}.',
    caughtUp: '{{ message }} The page now shows where the run stands.',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at this address.',
    back: 'Back to the start',
  },
  home: {
    lede: 'Take the chair in Tehran or Islamabad during the January 2024 cross-border strikes and make the decisions that side faced. A debrief then sets your choices beside what really happened and the analysis behind it.',
    createAccount: 'Create an account',
    orGuest: 'or just pick a scenario below to play as a guest.',
    loading: 'Loading the scenarios…',
    none: 'No scenarios are published yet.',
    startHere: 'Start here: the whole crisis, either side',
    private: 'Private',
    cohorts: 'Shared with cohorts',
    minutes: (n: number) => p(n, 'About # minute', 'About # minutes'),
    endings: (n: number) => p(n, '# ending', '# endings'),
    playAs: 'Play as {{ side }}',
    best: 'best {{ score }}',
  },
};
