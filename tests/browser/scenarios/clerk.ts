import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';

export function clerkScenarios(fx: Fixture) {
  describe('window clerk: cannot-get-it-done report', () => {
    it('records a report and sees it in their own list', async () => {
      const d = await fx.desk('clerk1');
      const form = d.page.getByTestId('window-form');
      await form.waitFor();
      await form.getByLabel('服务大厅').fill('市民服务中心');
      await form.getByLabel('窗口').fill('18号窗口');
      await form.getByLabel('办理事项').fill('个体工商户变更登记');
      await form.getByLabel('反映内容').fill('材料齐全但系统无法提交，已往返三次。');
      await form.getByLabel('市民电话').fill('13600001234');
      await d.page.getByRole('button', { name: '提交反映' }).click();
      const note = await d.shell.notification();
      expect(note).toMatch(/已登记，工单号 \d{14}/);
      const ticketNo = /(\d{14})/.exec(note)?.[1] ?? 'missing';
      await d.page.getByTestId('my-window-reports').getByText(ticketNo).waitFor();
      await screenshot(d.page, 'clerk-workspace');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 60_000);
  });
}
