import { describe, expect, it } from 'vitest';
import { outboundUrlProblem } from '../../api/lib/outbound-url';

const production = { development: false };
const development = { development: true };

describe('outboundUrlProblem (where an LRS endpoint may point)', () => {
  it('accepts https to public host names and public addresses', () => {
    for (const url of [
      'https://lrs.example.edu/data/xAPI/',
      'https://cloud.scorm.com/lrs/ABC/',
      'https://93.184.216.34/xapi/',
    ])
      expect(outboundUrlProblem(url, production), url).toBeNull();
  });

  it('refuses in production plain http, loopback, private, link-local and reserved addresses, and local names', () => {
    for (const url of [
      'http://lrs.example.edu/',
      'http://127.0.0.1:8080/lrs/',
      'https://127.0.0.1/',
      'https://localhost/',
      'https://api.localhost/',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/',
      'https://172.16.3.4/',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://0x7f.1/',
      'https://2130706433/',
      'https://[::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://intranet/',
      'https://lrs.local/',
      'https://metadata.internal/',
      'https://user:pass@lrs.example.edu/',
      'ftp://lrs.example.edu/',
      'not a url',
    ])
      expect(outboundUrlProblem(url, production), url).not.toBeNull();
  });

  it("allows loopback in development (the tests' LRS), and nothing else that production refuses", () => {
    expect(outboundUrlProblem('http://127.0.0.1:8080/lrs/', development)).toBeNull();
    expect(outboundUrlProblem('http://localhost:8787/lrs/', development)).toBeNull();
    for (const url of [
      'https://169.254.169.254/',
      'http://10.0.0.5/',
      'https://192.168.1.1/',
      'http://lrs.example.edu/',
    ])
      expect(outboundUrlProblem(url, development), url).not.toBeNull();
  });
});
