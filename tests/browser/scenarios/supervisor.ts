import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { confirmDialog } from '../pages.ts';
import { dispatchToUnit } from './setup.ts';

export function supervisorScenarios(fx: Fixture) {
  describe('supervisor: boards and supervision', () => {
    it('reads the KPI board, then opens a supervision case on a ticket', async () => {
      const ticket = await dispatchToUnit(fx.server(), 'SWJ');
      const d = await fx.desk('supervisor1');
      await d.page.getByTestId('kpi-cards').waitFor();
      for (const chart of ['chart-intake', 'chart-backlog', 'chart-satisfaction']) {
        await d.page.getByTestId(chart).locator('.recharts-wrapper').first().waitFor();
      }
      await screenshot(d.page, 'supervisor-workspace');
      await d.shell.goto(`/tickets/${ticket.id}/show`);
      await d.page.getByTestId('open-supervision').click();
      await confirmDialog(d.page, { 督办事由: '市民多次来电反映，请水务局限期处理。' });
      expect(await d.shell.notification()).toContain('已立督办件');
      await d.shell.goto('/');
      await d.page.getByTestId('tab-cases').click();
      await d.page.getByTestId('supervision-cases').getByText(`#${ticket.id}`).waitFor();
      // The KPI board by unit for this month, from the rollups.
      await d.shell.goto('/kpi');
      await d.page.getByTestId('kpi-table').getByText('合计').waitFor();
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);
  });
}
