/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
import { execFileSync } from 'node:child_process'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'

export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('Chromium is not installed: `apt-get install -y chromium` (.ci/run does this).')
  }
}

/** Headless on a shared machine, and quiet: no sandbox or GPU, nothing fetched in the background. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    args: CHROMIUM_FLAGS,
    executablePath: chromiumPath(),
    headless: true,
  })
}

/** Signs in through the admin's login screen and waits for the dashboard. */
export async function loginInBrowser(page: Page, baseUrl: string, { email, password }: { email: string; password: string }) {
  await page.goto(`${baseUrl}/admin/login`)
  await page.locator('#field-email').fill(email)
  await page.locator('#field-password').fill(password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL(`${baseUrl}/admin`, { timeout: 30_000 })
}

/** A headless browser with a page signed in to the admin as `user`: what admin tests start from. */
export async function adminSession(baseUrl: string, user: { email: string; password: string }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser()
  const page = await browser.newPage()
  await loginInBrowser(page, baseUrl, user)
  return { browser, page }
}

/**
 * Types into a Lexical rich-text field and waits until the form holds the text. Payload's Lexical
 * field hands its value to the form only when the browser is next idle (`requestIdleCallback`,
 * 500 ms at most), so a Save clicked straight after typing can store the body as it was before.
 * An idle callback queued after the keystrokes runs after the field's own; a frame later React
 * has rendered the form with the new value.
 */
export async function typeInRichText(page: Page, editable: Locator, text: string) {
  await editable.click()
  await page.keyboard.type(text)
  await editable.getByText(text).waitFor()
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestIdleCallback(() => requestAnimationFrame(() => setTimeout(resolve, 0)), { timeout: 10_000 })
      }),
  )
}
