import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';

export function adminScenarios(fx: Fixture) {
  describe('admin: reference data and the deadline calculator', () => {
    it('browses the units tree and checks a deadline on the default calendar', async () => {
      const d = await fx.desk('admin');
      await d.page.getByTestId('admin-home').waitFor();
      await screenshot(d.page, 'admin-home');
      await d.shell.goto('/units');
      await d.page.getByTestId('unit-tree').getByText('回音市12345政务服务便民热线中心').waitFor();
      await d.shell.goto('/calendars');
      await d.page.getByText('default', { exact: true }).click();
      const calc = d.page.getByTestId('deadline-calculator');
      await calc.waitFor();
      // Wednesday 30 September 2026, 10:00: three working days skip the National Day week and land on
      // the make-up Saturday 10 October, end of office hours.
      await calc.getByLabel('起算时间（北京时间）').fill('2026-09-30T10:00');
      await calc.getByLabel('数量').fill('3');
      await calc.getByTestId('calculate').click();
      const result = d.page.getByTestId('deadline-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('2026-10-10 17:30');
      await d.page.getByTestId('year-view').locator('[data-kind="makeup_workday"]').first().waitFor();
      await screenshot(d.page, 'admin-calendar');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 60_000);
  });
}
