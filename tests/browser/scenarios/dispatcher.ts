import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';

export function dispatcherScenarios(fx: Fixture) {
  describe('dispatcher: new tickets to units', () => {
    it('dispatches the oldest new ticket to its suggested unit with one click', async () => {
      const d = await fx.desk('dispatcher1');
      const panel = d.page.getByTestId('new-tickets');
      const row = panel.locator('tbody tr').first();
      const quick = row.getByTestId('quick-dispatch');
      await quick.waitFor();
      await screenshot(d.page, 'dispatcher-workspace');
      const ticketNo = ((await row.locator('td').first().textContent()) ?? '').trim();
      expect(ticketNo).toMatch(/^\d{14}$/);
      await quick.click();
      expect(await d.shell.notification()).toContain('已派单');
      await panel.getByText(ticketNo).waitFor({ state: 'detached' });
      const token = await fx.server().login('dispatcher1');
      const r = await fx.server().api<Array<{ status: string }>>('GET', `/api/tickets?ticketNo=${ticketNo}`, { token });
      expect(r.body[0]?.status).toBe('dispatched');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);
  });
}
