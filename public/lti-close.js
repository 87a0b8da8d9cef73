// Tells the LMS that dynamic registration is over (api/lti/pages.ts); served from our origin because the CSP forbids inline script.
(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
