/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
import { execFileSync } from 'node:child_process'
import { type Browser, chromium } from 'playwright-core'

export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('Chromium is not installed: `apt-get install -y chromium` (.ci/run does this).')
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    executablePath: chromiumPath(),
    headless: true,
  })
}
