// The webhook engine's pure parts: which events a change is, when to send and retry, which
// addresses are internal, how a delivery is signed and sized. No network.
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'

import { deliveryBody, MAX_BODY_BYTES } from '../../collections/webhooks/runDelivery'
import { isInternalAddress } from '../../src/webhooks/addressGuard'
import { MAX_HOLD_MS, sendAt } from '../../src/webhooks/coalesce'
import { transition, wants } from '../../src/webhooks/events'
import { GIVE_UP_AFTER_MS, nextRetryDelay, parseRetryAfter } from '../../src/webhooks/retrySchedule'
import { deliveryHeaders, newSecret } from '../../src/webhooks/signDelivery'

describe('events', () => {
  it('come from the live version before and after, not from drafts', () => {
    expect(transition('article', { published: false }, { published: true })).toBe('article.published')
    expect(transition('article', { published: true, updatedAt: 'a' }, { published: false })).toBe('article.unpublished')
    expect(transition('petition', { published: true, updatedAt: 'a' }, { published: true, updatedAt: 'b' })).toBe('petition.updated')
    // A draft save leaves the live version as it was.
    expect(transition('article', { published: true, updatedAt: 'a' }, { published: true, updatedAt: 'a' })).toBeUndefined()
    expect(transition('article', { published: false }, { published: false })).toBeUndefined()
  })

  it('reach endpoints that list them or `*`', () => {
    expect(wants(['*'], 'media.changed')).toBe(true)
    expect(wants(['article.published'], 'article.published')).toBe(true)
    expect(wants(['article.published'], 'article.updated')).toBe(false)
    expect(wants(null, 'article.updated')).toBe(false)
  })
})

describe('coalescing window', () => {
  it('restarts with each change and holds no delivery past a minute after the first change', () => {
    expect(sendAt({ coalesceSeconds: 10, firstChangeAt: 0, now: 5_000 })).toBe(15_000)
    expect(sendAt({ coalesceSeconds: 10, firstChangeAt: 0, now: 55_000 })).toBe(MAX_HOLD_MS)
    expect(sendAt({ coalesceSeconds: 0, firstChangeAt: 0, now: 1_000 })).toBe(1_000)
  })
})

describe('retries', () => {
  it('come first within 10 s, then grow with jitter, honour a longer Retry-After, and stop after a day', () => {
    const first = nextRetryDelay({ attempt: 1, firstAttemptAt: 0, now: 0 }, () => 1)!
    expect(first).toBeLessThanOrEqual(10_000)
    expect(nextRetryDelay({ attempt: 1, firstAttemptAt: 0, now: 0 }, () => 0)).toBe(first / 2)
    expect(nextRetryDelay({ attempt: 4, firstAttemptAt: 0, now: 0 }, () => 1)).toBeGreaterThan(first)
    expect(nextRetryDelay({ attempt: 1, firstAttemptAt: 0, now: 0, retryAfterMs: 120_000 }, () => 1)).toBe(120_000)
    expect(nextRetryDelay({ attempt: 20, firstAttemptAt: 0, now: GIVE_UP_AFTER_MS - 1000 }, () => 1)).toBeUndefined()
  })

  it('read Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000)
    expect(parseRetryAfter(new Date(90_000).toUTCString(), 30_000)).toBe(60_000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })
})

describe('address guard', () => {
  it('calls loopback, private, link-local, CGNAT and metadata addresses internal', () => {
    for (const address of ['127.0.0.1', '::1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', 'fd00:ec2::254', '0.0.0.0', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(address), address).toBe(true)
    }
    for (const address of ['93.184.215.14', '2606:4700::6810:84e5']) expect(isInternalAddress(address), address).toBe(false)
  })

  it('judges IPv6 forms that carry an IPv4 address by the address they carry', () => {
    // As a URL gives them: `new URL('http://[::127.0.0.1]').hostname` is `[::7f00:1]`.
    const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '')
    const internal = [
      hostOf('http://[::127.0.0.1]/'),
      hostOf('http://[::10.0.0.1]/'),
      hostOf('http://[::ffff:169.254.169.254]/'),
      '::ffff:0:192.168.0.1',
      '64:ff9b::127.0.0.1',
      hostOf('http://[64:ff9b::10.1.2.3]/'),
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::',
    ]
    for (const address of internal) expect(isInternalAddress(address), address).toBe(true)
    for (const address of ['64:ff9b::93.184.215.14', '::ffff:93.184.215.14', '2002:5db8:d70e::1']) {
      expect(isInternalAddress(address), address).toBe(false)
    }
  })
})

describe('signing and size', () => {
  it('signs with every active secret, verifiable by the standardwebhooks package', () => {
    const [current, previous] = [newSecret(), newSecret()]
    const body = deliveryBody(['article.published'], [{ collection: 'articles', id: 1, slug: 'a', type: 'article.published' }], new Date())
    const headers = deliveryHeaders('msg_1', body, [current, previous])
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    for (const secret of [current, previous]) expect(() => new Webhook(secret).verify(body, headers)).not.toThrow()
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow()
  })

  it('keeps bodies under 20 kB, saying when items were cut', () => {
    const items = Array.from({ length: 2000 }, (_, id) => ({ collection: 'articles', id, slug: `article-${id}`, type: 'article.updated' }))
    const body = deliveryBody(['article.updated'], items, new Date())
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES)
    const parsed = JSON.parse(body)
    expect(parsed.data.truncated).toBe(true)
    expect(parsed.data.itemCount).toBe(2000)
    expect(JSON.parse(deliveryBody(['a', 'b'], [], new Date())).type).toBe('content.changed')
  })
})
