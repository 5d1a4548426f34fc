import { isIPv4, isIPv6 } from 'node:net';

/**
 * Truncates an address before it is stored: IPv4 keeps its /24, IPv6 its /48. IPv4-mapped IPv6
 * addresses are treated as IPv4 so the same client is not stored twice in two shapes.
 */
export function truncateIp(address: string): string {
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(mapped)) {
    const parts = mapped.split('.');
    return `${parts[0]}.${parts[1]}.${parts[2]}.0`;
  }
  if (isIPv6(address)) {
    const groups = expandIpv6(address);
    return `${groups.slice(0, 3).join(':')}::`;
  }
  return 'unknown';
}

/** Normalises a socket address for storage: IPv4-mapped IPv6 becomes plain IPv4. */
export function normaliseIp(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

export function isLoopback(address: string | undefined): boolean {
  const ip = normaliseIp(address);
  return ip === '::1' || ip.startsWith('127.');
}

function expandIpv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailParts];
  return groups.map((g) => (g === '' ? '0' : g.toLowerCase().replace(/^0+(?=.)/, '')));
}
