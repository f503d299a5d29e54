/**
 * Keeps webhook deliveries off internal networks: a URL whose host resolves to a loopback,
 * private, link-local (cloud metadata included), carrier-grade NAT or otherwise reserved
 * address is refused — checked on the address actually connected to, so a DNS answer that
 * changes between check and connect cannot get around it. Hosts listed in
 * WEBHOOK_ALLOW_HOSTS (comma-separated) are let through, for a builder on the same network.
 */
import type { LookupFunction } from 'node:net'

import ipaddr from 'ipaddr.js'
import dns from 'node:dns'

const PUBLIC_RANGE = 'unicast'

/** Whether a literal address is one deliveries must not reach. */
export function isInternalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true
  const parsed = ipaddr.parse(address)
  const carried = parsed.kind() === 'ipv6' ? carriedIPv4(parsed as ipaddr.IPv6) : undefined
  return (carried ?? parsed).range() !== PUBLIC_RANGE
}

/**
 * The IPv4 address an IPv6 literal stands for, when its form embeds one that the network
 * would reach: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`, deprecated but still routed by some stacks), NAT64's
 * well-known prefix (`64:ff9b::/96`) and 6to4 (`2002:aabb:ccdd::/48`). Judging these by
 * their IPv6 range would let `http://[::127.0.0.1]` through as "unicast".
 */
function carriedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0)
  if (zeros(0, 5) && p[5] === 0xffff) return fromWords(p[6]!, p[7]!)
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return fromWords(p[6]!, p[7]!)
  if (zeros(0, 6)) return fromWords(p[6]!, p[7]!)
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return fromWords(p[6]!, p[7]!)
  if (p[0] === 0x2002) return fromWords(p[1]!, p[2]!)
  return undefined
}

export function allowedHosts(value = process.env.WEBHOOK_ALLOW_HOSTS ?? ''): Set<string> {
  return new Set(
    value
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  )
}

export class BlockedAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, an internal address; add the host to WEBHOOK_ALLOW_HOSTS to allow it.`)
    this.name = 'BlockedAddressError'
  }
}

/** A `lookup` for node:http(s) that resolves, then refuses internal addresses unless the host is allowed. */
export function guardedLookup(allowed = allowedHosts()): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as dns.LookupAddress[]
      if (!allowed.has(hostname.toLowerCase())) {
        const blocked = list.find((entry) => isInternalAddress(entry.address))
        if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), '', 0)
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}
