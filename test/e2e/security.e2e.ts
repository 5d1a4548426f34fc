import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/modules/auth/totp.js';
import { launchBrowser, startCandor, watchErrors, type RunningCandor } from './harness.js';

let candor: RunningCandor;
let browser: Browser;

beforeAll(async () => {
  candor = await startCandor();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await candor?.stop();
});

const OWNER = { email: 'morgan@example.test', password: 'a long and private passphrase' };

/** What survives closing the browser: every cookie but the session ones (no Expires). */
async function restartBrowser(context: BrowserContext): Promise<BrowserContext> {
  const state = await context.storageState();
  await context.close();
  return browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: { ...state, cookies: state.cookies.filter((c) => c.expires !== -1) } });
}

describe('two-factor sign-in and "keep me signed in"', () => {
  it('[P12][P13][P44] turns on two-factor, signs in with a code, survives a browser restart, and forgets the device on request', async () => {
    const errors: string[] = [];
    let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let page = await context.newPage();
    watchErrors(page, 'first', errors);

    await page.goto(`${candor.url}/setup`);
    await page.getByLabel('Workspace name').fill('Globex Success');
    await page.getByLabel('Name', { exact: true }).fill('Morgan Avery');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('Welcome, Morgan').waitFor();

    // Two-factor setup: the key is shown for the app, a code and the password confirm it.
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
    await page.getByLabel('Authentication code').fill(await currentTotp(secret, Date.now()));
    await page.getByLabel('Current password').first().fill(OWNER.password);
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByLabel('I have saved these codes somewhere safe').check();
    await page.getByRole('button', { name: 'Done' }).click();

    // Sign out; sign in again asks for the code, and "keep me signed in" is ticked.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByLabel('Keep me signed in on this device').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The code of the next 30-second step: the enabling code used this one, and one step of drift is allowed.
    await page.getByLabel('Authentication code').fill(await currentTotp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Welcome, Morgan').waitFor();

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'candor_session');
    const remember = cookies.find((c) => c.name === 'candor_remember');
    expect(session?.expires).toBe(-1);
    expect(remember?.httpOnly).toBe(true);
    expect((remember?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);

    // The browser closes and opens again: the session cookie is gone, the device cookie brings a new session.
    context = await restartBrowser(context);
    page = await context.newPage();
    watchErrors(page, 'restarted', errors);
    await page.goto(`${candor.url}/`);
    await page.getByText('Welcome, Morgan').waitFor();
    const rotated = (await context.cookies()).find((c) => c.name === 'candor_remember');
    expect(rotated?.value).not.toBe(remember?.value);

    // The device is listed; forgetting it means the next restart lands on the sign-in page.
    await page.goto(`${candor.url}/account/security`);
    await page.getByRole('button', { name: /^Forget device: .*\(this browser\)$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget device' }).click();
    // The device's own button ("Forget device: …"), not the dialog's, which may still be closing.
    await page.getByRole('button', { name: /^Forget device: / }).waitFor({ state: 'detached' });
    context = await restartBrowser(context);
    page = await context.newPage();
    await page.goto(`${candor.url}/`);
    await page.waitForURL('**/sign-in**');

    expect(errors).toEqual([]);
  });
});
