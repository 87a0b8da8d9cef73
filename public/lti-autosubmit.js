// Posts the deep-linking response form back to the LMS (api/lti/pages.ts); served from our origin because the CSP forbids inline script.
document.querySelector('form[data-autosubmit]')?.submit();
