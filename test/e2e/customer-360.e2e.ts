import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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

/** Screenshots for a person to look at; nothing asserts on them. */
const SHOTS = '/tmp/e2e-shots';
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `customer-360-${name}.png`), fullPage: true });

const OWNER = { name: 'Dana Owner', email: 'dana@example.test', password: 'a calm and lengthy passphrase' };

/**
 * Twelve clients as a CRM export has them. "Company", "Website" and "Account ID" are recognised;
 * "Plan Tier" is not and is mapped by hand; "Internal notes" is left out. Row 6 has a typo in its
 * status, so the check shows one row error and the import leaves that row out.
 */
const CSV = [
  'Company,Website,Status,Plan Tier,Account ID,Internal notes',
  'Northwind Traders,northwind.example,Active,Enterprise,NW-001,long-standing',
  'Contoso Pharma,contoso.example,Trial,Enterprise,CT-002,pilot in EMEA',
  'Fabrikam Fibers,fabrikam.example,Trial,Growth,FB-003,',
  'Tailspin Toys,tailspin.example,Active,Growth,TT-004,',
  'Wide World Importers,wideworld.example,Trial,Enterprise,WW-005,"ships, a lot"',
  'Litware Labs,litware.example,Trail,Enterprise,LL-006,typo in the status',
  'Adventure Works,adventure-works.example,Inactive,Enterprise,AW-007,',
  'Proseware,proseware.example,Trial,Enterprise,PW-008,evaluating SSO',
  'Lucerne Publishing,lucerne.example,Active,Starter,LP-009,',
  'Woodgrove Bank,woodgrove.example,Trial,Starter,WB-010,',
  'Coho Winery,coho.example,Active,Enterprise,CW-011,',
  'Alpine Ski House,alpine.example,trial,Enterprise,AS-012,lower-case status',
].join('\n');
/** Status is Trial and tier is Enterprise: the rows the filter must find, and only these. */
const TRIAL_ENTERPRISE = ['Alpine Ski House', 'Contoso Pharma', 'Proseware', 'Wide World Importers'];

/** Chooses one option of a Mantine Select or MultiSelect by its accessible name. */
async function choose(page: Page, input: Locator, option: string): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the customer 360, from a CSV to a finished task', () => {
  it('imports clients with a dry run, filters the grid, logs a note and completes a task on one client', { timeout: 60_000 }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const errors: string[] = [];
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    watchErrors(page, 'owner', errors);

    // A fresh workspace and its owner.
    await page.goto(`${candor.url}/setup`);
    await page.getByLabel('Workspace name').fill('Northwind Success');
    await page.getByLabel('Name', { exact: true }).fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('Welcome, Dana').waitFor();

    // 1. No clients yet: the empty grid offers the import, which starts with the file.
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByText('No clients yet').waitFor();
    await page.getByRole('link', { name: 'Import clients' }).click();
    await page.waitForURL('**/settings/imports/new?entity=client');
    await page.getByRole('heading', { name: 'Import clients' }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'CSV file' }).click();
    await (await chooser).setFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Upload and map columns' }).click();

    // Mapping: the recognised columns are suggested, the tier column is mapped by hand.
    await page.getByText('12 rows and 6 columns in clients.csv').waitFor();
    const fieldFor = (column: string) => page.getByRole('combobox', { name: `Field for column ${column}` });
    expect(await fieldFor('Company').inputValue()).toBe('Name (required)');
    expect(await fieldFor('Website').inputValue()).toBe('Domains');
    expect(await fieldFor('Status').inputValue()).toBe('Status');
    expect(await fieldFor('Account ID').inputValue()).toBe('External id');
    expect(await fieldFor('Plan Tier').inputValue()).toBe('Leave out');
    expect(await fieldFor('Internal notes').inputValue()).toBe('Leave out');
    await choose(page, fieldFor('Plan Tier'), 'Tier');
    expect(await fieldFor('Plan Tier').inputValue()).toBe('Tier');
    await page.getByText('Name: from “Company”').waitFor();
    await shot(page, '01-mapping');

    // Dry run: eleven rows would create clients and row 6 has an error; only the run writes.
    await page.getByRole('button', { name: 'Check the file' }).click();
    const runButton = page.getByRole('button', { name: 'Import 11 rows' });
    await runButton.waitFor();
    await page.getByText('Checked, not run').waitFor();
    const errorTable = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Problem' }) });
    const errorRows = errorTable.getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
    expect(await errorRows.count()).toBe(1);
    expect(await errorRows.getByRole('cell').allInnerTexts()).toEqual(['6', 'Status', '"Trail" is not a status; use Active, Trial, Inactive or Terminated']);
    await expectCount(page, 'Would create', '11');
    await expectCount(page, 'Would update', '0');
    await expectCount(page, 'Rows with errors', '1');
    await shot(page, '02-dry-run');

    // The run goes on in the background; the page polls it through queued and running to the end.
    await runButton.click();
    await page.getByText('Import finished').waitFor({ timeout: 30_000 });
    await expectCount(page, 'Created', '11');
    await expectCount(page, 'Rows with errors', '1');
    await shot(page, '03-import-done');

    // 2. The grid with a filter built by hand: Status is any of Trial, and Tier is Enterprise.
    await page.getByRole('link', { name: 'See clients' }).click();
    await page.waitForURL('**/clients');
    await page.getByText('1–11 of 11 clients').waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    const filters = page.getByRole('region', { name: 'Filters' });
    const statusCondition = filters.getByRole('group', { name: 'Condition on Status' });
    await choose(page, statusCondition.getByRole('combobox', { name: 'Value for Status' }), 'Trial');
    await page.keyboard.press('Escape');
    await filters.getByRole('button', { name: 'Add condition' }).click();
    const second = filters.getByRole('group', { name: /^Condition on / }).nth(1);
    await choose(page, second.getByRole('combobox', { name: 'Column' }), 'Tier');
    const tierCondition = filters.getByRole('group', { name: 'Condition on Tier' });
    await choose(page, tierCondition.getByRole('combobox', { name: 'Operator' }), 'is');
    await tierCondition.getByRole('textbox', { name: 'Value for Tier' }).fill('Enterprise');
    await page.getByText('1–4 of 4 clients').waitFor();
    const grid = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: /Name/ }) });
    const gridRows = grid.getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
    expect(await gridRows.count()).toBe(4);
    expect((await gridRows.getByRole('link').allInnerTexts()).sort()).toEqual(TRIAL_ENTERPRISE);
    await shot(page, '04-grid-filtered');

    // 3. Proseware's 360: a note with a bold phrase and a list lands on its timeline.
    await grid.getByRole('link', { name: 'Proseware', exact: true }).click();
    await page.getByRole('heading', { name: 'Proseware', level: 2 }).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByText('Nothing logged yet').waitFor();
    await page.getByRole('button', { name: 'Log note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a note for Proseware' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Kick-off: SSO evaluation');
    await dialog
      .getByRole('textbox', { name: 'Note' })
      .fill('Kick-off went well; **renewal risk** is the budget review.\n\n- Send the security questionnaire\n- Book the first QBR');
    await dialog.getByRole('button', { name: 'Save note' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const note = page.getByRole('article', { name: 'Note: Kick-off: SSO evaluation' });
    await note.waitFor();
    expect(await note.getByText('renewal risk', { exact: true }).evaluate((el) => el.tagName)).toBe('STRONG');
    expect(await note.getByRole('listitem').allInnerTexts()).toEqual(['Send the security questionnaire', 'Book the first QBR']);
    await note.getByText(`by ${OWNER.name}`).waitFor();
    await shot(page, '05-timeline-note');

    // 4. A task for Proseware from its Tasks tab, ticked done: it leaves the open list, and stays done.
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByText('No tasks yet').waitFor();
    const addTask = page.getByRole('form', { name: 'Add a task' });
    await addTask.getByRole('textbox', { name: 'Title' }).fill('Send the security questionnaire');
    await addTask.getByLabel('Due date').fill('2031-03-14');
    await addTask.getByRole('button', { name: 'Add task' }).click();
    const tick = page.getByRole('checkbox', { name: 'Mark “Send the security questionnaire” as done' });
    await tick.waitFor();
    await page.getByText('1 open', { exact: true }).waitFor();
    await shot(page, '06-task-open');
    // The box is controlled by the saved task: it ticks when the server has answered, so click and wait on the outcome.
    await tick.click();
    await page.getByText('“Send the security questionnaire” is done.').waitFor();
    await page.getByText('0 open, 1 done or cancelled').waitFor();
    await tick.waitFor({ state: 'detached' });
    await shot(page, '07-task-done');

    await page.reload();
    await page.getByRole('tab', { name: 'Tasks', selected: true }).waitFor();
    await page.getByText('0 open, 1 done or cancelled').waitFor();
    await page.getByRole('switch', { name: 'Show done and cancelled' }).check();
    const reopen = page.getByRole('checkbox', { name: 'Reopen “Send the security questionnaire”' });
    await reopen.waitFor();
    expect(await reopen.isChecked()).toBe(true);
    await shot(page, '08-task-done-after-reload');

    expect(errors).toEqual([]);
  });
});

/** The big number on one of the import's count cards, found by the card's label. */
async function expectCount(page: Page, label: string, value: string): Promise<void> {
  const card = page.getByText(label, { exact: true }).locator('xpath=..');
  await card.getByText(value, { exact: true }).waitFor();
}
