import { plural } from './format';

const p = (n: number, one: string, other: string) => plural('en', n, { one, other });

/**
 * The English messages: the source every translation follows (docs/translation.md). Plain strings take
 * `{{ name }}` placeholders; counts are functions so each language applies its own plural rules.
 */
export const dict = {
  app: {
    name: 'Crisis Desk',
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
  choose: {
    notFound: 'Scenario not found',
    notFoundBody: 'There is no published scenario at this address.',
    seeAll: 'See all scenarios',
    forAssignment: 'This run counts toward your assignment.',
    chooseSide: 'Choose your side',
    briefingAs: 'Your briefing as {{ side }}',
    loadingBriefing: 'Loading the briefing…',
    resumeAs: 'Resume as {{ side }}',
    atDecision: (n: number) => `(decision ${n})`,
    starting: 'Starting…',
    startAgainAs: 'Start again as {{ side }}',
    startAs: 'Start as {{ side }}',
    saved: (n: number) =>
      `${p(n, 'About # minute', 'About # minutes')}. Your progress is saved after every decision; you can leave and resume.`,
  },
  signIn: {
    titleIn: 'Sign in',
    titleUp: 'Create an account',
    leadIn: 'Welcome back. Runs you played as a guest in this browser will be added to your account.',
    leadUp: 'Keep your progress across devices. Runs you played as a guest in this browser are kept.',
    name: 'Your name',
    email: 'Email',
    password: 'Password',
    passwordHint: 'At least 10 characters.',
    wait: 'Please wait…',
    submitUp: 'Create account',
    haveAccount: 'Already have an account?',
    newHere: 'New here?',
  },
  join: {
    title: 'Join a cohort',
    signInFirst: 'Sign in first so your work counts for the course: {{ signIn }} or {{ create }}.',
    signIn: 'sign in',
    createAccount: 'create an account',
    lead: 'Enter the 8-character code your instructor gave you.',
    code: 'Join code',
    joining: 'Joining…',
    join: 'Join',
  },
};
