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
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  return parsed.range() !== PUBLIC_RANGE
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
