import { describe, expect, it } from 'vitest';
import { checkEndpoint, isLocalHost } from './endpoint-check.ts';

describe('push endpoints', () => {
  it('knows loopback, private and link-local addresses and localhost, in any spelling', () => {
    for (const host of [
      'localhost',
      'push.localhost',
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.10',
      '169.254.169.254',
      '0.0.0.0',
      '[::1]',
      '[fe80::1]',
      '[fd12:3456::1]',
      '[::ffff:10.0.0.1]',
      '100.64.1.1',
      // Other spellings of local IPv4 addresses, as URL parsing writes them.
      new URL('https://[::ffff:10.0.0.1]/').hostname,
      new URL('https://[::127.0.0.1]/').hostname,
      '[64:ff9b::7f00:1]',
      '[2002:7f00:1::]',
      // Reserved, benchmarking, documentation and multicast ranges.
      '198.18.0.1',
      '192.0.2.10',
      '224.0.0.1',
      '255.255.255.255',
      '[ff02::1]',
    ]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    for (const host of [
      'fcm.googleapis.com',
      'updates.push.services.mozilla.com',
      'web.push.apple.com',
      '8.8.8.8',
      '[2001:4860::8888]',
      '172.32.0.1',
      // A public IPv4 push service reached through NAT64 or 6to4 (an IPv6-only host with DNS64).
      '[64:ff9b::8efa:4a0a]',
      new URL('https://[64:ff9b::142.250.74.10]/').hostname,
      '[2002:8efa:4a0a::1]',
    ]) {
      expect(isLocalHost(host), host).toBe(false);
    }
  });

  it('takes public https endpoints only, and local ones when told to', () => {
    expect(() => checkEndpoint('https://fcm.googleapis.com/fcm/send/abc', false)).not.toThrow();
    for (const bad of [
      'http://fcm.googleapis.com/x',
      'https://u:p@fcm.googleapis.com/x',
      'https://169.254.169.254/latest',
      'nope',
    ]) {
      expect(() => checkEndpoint(bad, false), bad).toThrow(expect.objectContaining({ extras: { field: 'endpoint' } }));
    }
    expect(() => checkEndpoint('https://127.0.0.1:8443/push/1', true)).not.toThrow();
    expect(() => checkEndpoint('http://127.0.0.1:8443/push/1', true)).toThrow();
  });
});
