import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const OWNER = { name: 'Alice Owner', email: 'alice@example.test', password: 'correct horse battery staple' };
const MEMBER = { name: 'Bob Builder', email: 'bob@example.test', password: 'another long passphrase 42' };

describe('the first day of a workspace', () => {
  it('[P02][P44] setup → sign in → invite through the outbox link → the member signs in → the owner signs the member out everywhere', async () => {
    const errors: string[] = [];
    const owner = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    watchErrors(owner, 'owner', errors);

    // First visit: the setup page creates the workspace and its owner.
    await owner.goto(`${candor.url}/`);
    await owner.waitForURL('**/setup');
    await owner.getByLabel('Workspace name').fill('Acme Customer Success');
    await owner.getByLabel('Name', { exact: true }).fill(OWNER.name);
    await owner.getByLabel('Email').fill(OWNER.email);
    await owner.getByLabel('Password').fill(OWNER.password);
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await owner.getByText('Welcome, Alice').waitFor();

    // Sign out and back in with the password.
    await owner.getByRole('button', { name: 'Sign out' }).click();
    await owner.waitForURL('**/sign-in');
    await owner.getByLabel('Email').fill(OWNER.email);
    await owner.getByLabel('Password').fill(OWNER.password);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await owner.getByText('Welcome, Alice').waitFor();

    // Invite Bob; with no SMTP server the invitation waits in the outbox.
    await owner.getByRole('link', { name: 'Members' }).click();
    await owner.getByRole('button', { name: 'Invite member' }).first().click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Email').fill(MEMBER.email);
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await owner.getByRole('option', { name: /^CSM/ }).click();
    await owner.getByRole('button', { name: 'Send invite' }).click();
    await owner.getByText('Invitation sent').first().waitFor();
    await owner.goto(`${candor.url}/settings/outbox`);
    await owner.getByRole('link', { name: /invited you/ }).first().click();
    const link = owner.getByTestId('outbox-message-text').getByRole('link').first();
    await link.waitFor();
    const inviteHref = await link.getAttribute('href');
    expect(inviteHref).toMatch(/^\/invite#[0-9a-z]{32}$/);

    // Bob opens the link in his own browser, sets his password, and is in.
    const memberContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const member = await memberContext.newPage();
    watchErrors(member, 'member', errors);
    await member.goto(`${candor.url}${inviteHref}`);
    await member.getByText('Acme Customer Success').first().waitFor();
    await member.getByLabel('Name', { exact: true }).fill(MEMBER.name);
    await member.getByLabel('Password').fill(MEMBER.password);
    await member.getByRole('button', { name: 'Accept invitation' }).click();
    await member.getByText('Welcome, Bob').waitFor();

    // Bob signs out and signs in again with his new password.
    await member.getByRole('button', { name: 'Sign out' }).click();
    await member.waitForURL('**/sign-in');
    await member.getByLabel('Email').fill(MEMBER.email);
    await member.getByLabel('Password').fill(MEMBER.password);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.getByText('Welcome, Bob').waitFor();
    const cookies = await memberContext.cookies();
    const session = cookies.find((c) => c.name === 'candor_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.expires).toBe(-1);

    // The owner signs Bob out everywhere; Bob's next page load lands on the sign-in page.
    await owner.getByRole('link', { name: 'Members' }).click();
    await owner.getByRole('button', { name: `Sign out everywhere: ${MEMBER.name}` }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await owner.getByText(/Bob Builder is signed out/).waitFor();
    await member.reload();
    await member.waitForURL('**/sign-in**');
    await member.getByRole('button', { name: 'Sign in' }).waitFor();

    expect(errors).toEqual([]);
  });
});
