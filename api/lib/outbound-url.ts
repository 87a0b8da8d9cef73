/**
 * Whether a URL someone typed is safe for the Worker to post data to (an LRS endpoint): not a lever to reach the
 * machine's own or a private network (SSRF). Pure, so it is unit-tested for both modes.
 */

const PRIVATE_V4: [number, number][] = [
  // [network as a 32-bit number, prefix length]
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8 private
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (cloud metadata services)
  [0xac100000, 12], // 172.16/12 private
  [0xc0000000, 24], // 192.0.0/24 IETF protocol assignments
  [0xc0a80000, 16], // 192.168/16 private
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xe0000000, 3], // 224/3 multicast and reserved
];

function ipv4(host: string): number | null {
  const parts = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!parts) return null;
  return parts.slice(1).reduce((n, p) => n * 256 + Number(p), 0);
}

const inRange = (ip: number, [net, bits]: [number, number]) =>
  bits === 0 || ip >>> (32 - bits) === net >>> (32 - bits);

const isLoopbackName = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';

/**
 * Why the Worker must not send to this URL, or null when it may. Production accepts only `https:` to a public host
 * name: no IP literal in a private, loopback, link-local or reserved range (IPv6 literals are refused outright), no
 * `localhost`, no single-label or `.local`/`.internal` names. In development, loopback (`http:` or `https:`) is
 * allowed too, for the tests' LRS on 127.0.0.1; everything else follows the production rule.
 * @example outboundUrlProblem('https://169.254.169.254/', { development: false }) // 'The address is not public…'
 */
export function outboundUrlProblem(raw: string, mode: { development: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a URL.';
  }
  // URL normalises hex, octal and short IPv4 forms (http://0x7f.1/ is 127.0.0.1) and lower-cases the host.
  const host = url.hostname;
  if (url.username || url.password) return 'Put the credentials in the key and secret, not in the URL.';
  if (mode.development && isLoopbackName(host) && (url.protocol === 'http:' || url.protocol === 'https:'))
    return null;
  if (url.protocol !== 'https:') return 'Use an https URL.';
  const v4 = ipv4(host);
  const notPublic = 'The address is not public (a private, loopback, link-local or reserved address).';
  if (v4 !== null) return PRIVATE_V4.some((range) => inRange(v4, range)) ? notPublic : null;
  if (host.startsWith('[')) return 'Use a host name, not an IPv6 address.';
  if (isLoopbackName(host) || !host.includes('.') || /\.(local|internal|localdomain|home\.arpa)$/.test(host))
    return notPublic;
  return null;
}
