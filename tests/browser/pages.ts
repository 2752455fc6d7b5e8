import type { Locator, Page } from 'playwright-core';

/** The console shell: login, notifications, navigation. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  async login(username: string, password = 'demo12345') {
    await this.page.goto('/#/login');
    await this.page.locator('input[name=username]').fill(username);
    await this.page.locator('input[name=password]').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await this.page.getByTestId('who').waitFor();
  }

  /** The text of the latest snackbar notification. */
  async notification(): Promise<string> {
    const bar = this.page.locator('.MuiSnackbar-root').last();
    await bar.waitFor();
    return ((await bar.textContent()) ?? '').trim();
  }

  /**
   * Starts recording every snackbar notification from now on (one after another they replace each other,
   * so the latest alone cannot show that something was said twice); the getter returns their texts so far.
   */
  async recordNotifications(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __notes: string[] }).__notes = seen;
      new MutationObserver((changes) => {
        for (const ch of changes) {
          for (const node of ch.addedNodes) {
            if (!(node instanceof HTMLElement) || !node.matches('.MuiSnackbar-root')) continue;
            // biome-ignore lint/performance/useDomNodeTextContent: the notice as the user reads it (no hidden text)
            seen.push(node.innerText.trim());
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    return () => this.page.evaluate(() => [...(window as unknown as { __notes: string[] }).__notes]);
  }

  async goto(hashPath: string) {
    await this.page.goto(`/#${hashPath}`);
  }

  menu(name: string): Locator {
    return this.page.getByRole('menuitem', { name });
  }
}

/** The agent's call workspace. */
export class AgentDesk {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.getByTestId('agent-workspace');
  }

  async pickCategory(search: string, option: RegExp | string) {
    const input = this.page.getByLabel('诉求分类');
    await input.fill(search);
    await this.page.getByRole('option', { name: option }).first().click();
  }

  async fillIntake(v: {
    phone?: string;
    name?: string;
    content: string;
    address?: string;
    category?: [string, RegExp | string];
  }) {
    if (v.phone) await this.page.getByLabel('来电号码').fill(v.phone);
    if (v.name) await this.page.getByLabel('联系人').fill(v.name);
    if (v.category) await this.pickCategory(...v.category);
    if (v.address) await this.page.getByLabel('地址').fill(v.address);
    await this.page.getByLabel('诉求内容').fill(v.content);
  }

  /** Ctrl+Enter from the content field: the keyboard path an agent uses. */
  async submitWithKeyboard() {
    await this.page.getByLabel('诉求内容').press('Control+Enter');
  }
}

/** A ticket's page: facts, countdown, timeline. */
export class TicketPage {
  constructor(readonly page: Page) {}

  timeline() {
    return this.page.getByTestId('timeline');
  }

  async actions(): Promise<string[]> {
    await this.timeline().locator('li').first().waitFor();
    return this.timeline()
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
  }

  countdown() {
    return this.page.getByTestId('countdown');
  }

  /** The 补充材料 card: one row per question put to the citizen, with its status. */
  infoRequests() {
    return this.page.getByTestId('info-requests');
  }

  infoRequest(status: 'open' | 'answered' | 'expired' | 'cancelled') {
    return this.infoRequests().locator(`[data-status="${status}"]`);
  }
}

/** A unit's or the centre's dispatch queues. */
export class QueueDesk {
  constructor(readonly page: Page) {}

  async openQueue(queue: string) {
    await this.page.getByTestId(`queue-${queue}`).click();
  }

  row(text: string) {
    return this.page.locator('tr', { hasText: text });
  }
}

/** Fills the dialog opened by an action button and confirms it. */
export async function confirmDialog(page: Page, fill: Record<string, string> = {}) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: '确认' }).click();
  await dialog.waitFor({ state: 'detached' });
}
