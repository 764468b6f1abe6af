import type { Locator, Page } from '@playwright/test';
import { expect, test, type ConsoleServer } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Issue #14, bad input: every form field is checked against the contract's schema as it is typed.
// Out of range is marked on the field with a human message, the value stays as typed (no silent
// clamp), and the form cannot be sent. Nothing here writes to the lab.

interface BadInput {
  form: string;
  /** Opens the form; returns the element its submit is (disabled) or the Next button. */
  open(page: Page, server: ConsoleServer): Promise<void>;
  field: string;
  typed: string;
  message: string | RegExp;
  /** The button that must refuse to send (disabled), or 'next' for a wizard step that stays. */
  submit: string;
  /** Fills other fields first (min before max). */
  before?: (page: Page) => Promise<void>;
}

const LONG = 'x'.repeat(10_000);

async function openWizardMachines(page: Page, server: ConsoleServer): Promise<void> {
  const c = new ConsolePage(page, server);
  await c.goto('/pools?create=1');
  await page.getByTestId('wizard-name').fill('bad-input');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByTestId('wizard-step-machines').waitFor();
}

async function openWizardType(page: Page, server: ConsoleServer): Promise<void> {
  await new ConsolePage(page, server).goto('/pools?create=1');
  await page.getByTestId('wizard-step-type').waitFor();
}

const ROWS: BadInput[] = [
  { form: 'pool wizard', open: openWizardType, field: 'wizard-name', typed: LONG, message: 'A pool ID is 1–64 letters, digits, - or _', submit: 'next' },
  {
    form: 'pool wizard',
    open: openWizardType,
    field: 'wizard-displayName',
    typed: LONG,
    message: 'Must be at most 64 characters (10,000 given)',
    submit: 'next',
  },
  { form: 'pool wizard', open: openWizardMachines, field: 'wizard-vcpu', typed: '-5', message: 'Must be at least 1 (-5 given)', submit: 'next' },
  {
    form: 'pool wizard',
    open: openWizardMachines,
    field: 'wizard-ramGb',
    typed: '99999999',
    message: 'Must be at most 1,024 (99,999,999 given)',
    submit: 'next',
  },
  { form: 'pool wizard', open: openWizardMachines, field: 'wizard-vcpu', typed: '2.5', message: 'Must be a whole number (2.5 given)', submit: 'next' },
  {
    form: 'pool wizard',
    open: openWizardMachines,
    before: async (page) => {
      await page.getByTestId('wizard-minMachines').fill('50');
    },
    field: 'wizard-maxMachines',
    typed: '40',
    message: 'Must be at least the minimum (50)',
    submit: 'next',
  },
  {
    form: 'HA admission control',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/clusters/cl-1?tab=ha');
      await page.getByTestId('ha-ac-policy').selectOption('percentage');
    },
    field: 'wizard-ha-cpu',
    typed: '-20',
    message: 'Must be at least 0 (-20 given)',
    submit: 'ha-save',
  },
  {
    form: 'HA admission control',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/clusters/cl-1?tab=ha');
      await page.getByTestId('ha-ac-policy').selectOption('percentage');
    },
    field: 'wizard-ha-mem',
    typed: '150',
    message: 'Must be at most 100 (150 given)',
    submit: 'ha-save',
  },
  {
    form: 'checkpoint save',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/checkpoints');
      await page.getByTestId('checkpoint-save-button').click();
    },
    field: 'checkpoint-name-input',
    typed: LONG,
    message: 'Must be at most 80 characters (10,000 given)',
    submit: 'checkpoint-save-confirm',
  },
  {
    form: 'push image',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/pools/pool-1');
      await page.getByTestId('pool-push-image-button').click();
      await page.getByTestId('push-force').check();
    },
    field: 'wizard-push-grace',
    typed: '1441',
    message: /Must be a whole number of minutes, 0–1,440/,
    submit: 'push-image-submit',
  },
  {
    form: 'pool CPU resources',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/pools/pool-1');
      await page.getByTestId('pool-cpu-edit').click();
    },
    field: 'wizard-cpu-reservation',
    typed: '-5',
    message: 'Must be at least 0 (-5 given)',
    submit: 'pool-cpu-save',
  },
  {
    form: 'pool CPU resources',
    open: async (page, server) => {
      await new ConsolePage(page, server).goto('/pools/pool-1');
      await page.getByTestId('pool-cpu-edit').click();
      await page.getByTestId('cpu-unlimited').uncheck();
    },
    before: async (page) => {
      await page.getByTestId('wizard-cpu-reservation').fill('2000');
    },
    field: 'wizard-cpu-limit',
    typed: '1000',
    message: 'Must be at least the reservation (2,000 MHz)',
    submit: 'pool-cpu-save',
  },
];

function errorNear(page: Page, field: Locator): Locator {
  // The message sits in the field's form group (PatternFly helper text), or next to it in a dialog row.
  return field.locator('xpath=ancestor::*[contains(@class,"pf-v6-c-form__group") or contains(@class,"vdi-wizard-row")][1]');
}

test.describe('bad input is refused on the field, never clamped', () => {
  for (const row of ROWS) {
    test(`${row.form}: ${row.field.replace('wizard-', '')} = ${row.typed.length > 20 ? `${row.typed.length.toLocaleString('en-US')} characters` : row.typed}`, async ({
      page,
      server,
    }) => {
      await row.open(page, server);
      await row.before?.(page);
      const field = page.getByTestId(row.field);
      await field.fill(row.typed);
      await expect(errorNear(page, field)).toContainText(row.message);
      await field.blur();
      await expect(field).toHaveValue(row.typed); // as typed: not clamped on blur
      if (row.submit === 'next') {
        const step = await page.locator('[data-testid^="wizard-step-"]').first().getAttribute('data-testid');
        await page.getByRole('button', { name: 'Next', exact: true }).click();
        await expect(page.getByTestId('wizard-step-problems')).toBeVisible();
        await expect(page.getByTestId(step!)).toBeVisible();
      } else {
        await expect(page.getByTestId(row.submit)).toBeDisabled();
      }
    });
  }
});
