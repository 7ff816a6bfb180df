import { describe, expect, test } from '@jest/globals';
import { addressKey } from '../../../src/conduit/limits/client-address.js';

describe('addressKey', () => {
  const tests: Array<[string, { given: string; want: string }]> = [
    ['IPv4 as it is', { given: '203.0.113.7', want: '203.0.113.7' }],
    ['IPv4 mapped into IPv6', { given: '::ffff:203.0.113.7', want: '203.0.113.7' }],
    ['IPv4 mapped, in hex', { given: '::ffff:cb00:7107', want: '203.0.113.7' }],
    ['IPv6 by its /64', { given: '2001:db8:1:2:aaaa:bbbb:cccc:dddd', want: '2001:db8:1:2::/64' }],
    ['another host of the same /64', { given: '2001:db8:1:2::1', want: '2001:db8:1:2::/64' }],
    ['compressed, upper case', { given: '2001:DB8::1', want: '2001:db8:0:0::/64' }],
    ['loopback', { given: '::1', want: '0:0:0:0::/64' }],
    ['a zone index is dropped', { given: 'fe80::1%eth0', want: 'fe80:0:0:0::/64' }],
  ];

  test.each(tests)('%s', (_, { given, want }) => {
    expect(addressKey(given)).toBe(want);
  });
});
