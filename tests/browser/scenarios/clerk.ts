import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';

const CONTENT =
  '材料齐全但系统无法提交，已往返三次。窗口工作人员称需等待上级部门开通权限，但无法告知具体时间，市民经营急需变更后的营业执照办理贷款。';

export function clerkScenarios(fx: Fixture) {
  let ticketNo = '';

  describe('window clerk: cannot-get-it-done report', () => {
    it('records a report and sees it in their own list', async () => {
      const d = await fx.desk('clerk1');
      const form = d.page.getByTestId('window-form');
      await form.waitFor();
      await form.getByLabel('服务大厅').fill('市民服务中心');
      await form.getByLabel('窗口').fill('18号窗口');
      await form.getByLabel('办理事项').fill('个体工商户变更登记');
      // Long on purpose: the centre's review panel shows it on one clipped line.
      await form.getByLabel('反映内容').fill(CONTENT);
      await form.getByLabel('市民电话').fill('13600001234');
      await d.page.getByRole('button', { name: '提交反映' }).click();
      const note = await d.shell.notification();
      expect(note).toMatch(/已登记，工单号 \d{14}/);
      ticketNo = /(\d{14})/.exec(note)?.[1] ?? 'missing';
      await d.page.getByTestId('my-window-reports').getByText(ticketNo).waitFor();
      await screenshot(d.page, 'clerk-workspace');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 60_000);

    it('reaches the centre: the dispatcher reviews it on a desk that still fits 1366 pixels', async () => {
      const d = await fx.desk('dispatcher1');
      const panel = d.page.getByTestId('window-reviews');
      const row = panel.getByTestId('window-review-row').filter({ hasText: ticketNo });
      await row.waitFor();
      // The report's whole text is there on hover; its line is clipped, and the desk does not scroll sideways.
      expect(await row.getByTitle(CONTENT, { exact: false }).count()).toBe(1);
      expect(await d.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await screenshot(d.page, 'dispatcher-window-review');
      await row.getByRole('button', { name: '研判' }).click();
      const dialog = d.page.getByRole('dialog');
      await dialog.getByLabel('研判意见 / 答复市民').fill('转市行政审批服务局核实系统权限开通时间。');
      await dialog.getByRole('button', { name: '确认' }).click();
      await d.page.locator('.MuiSnackbar-root', { hasText: '已研判' }).waitFor();
      await panel.getByText(ticketNo).waitFor({ state: 'detached' });
      const token = await fx.server().login('dispatcher1');
      const reports = await fx
        .server()
        .api<Array<{ ticketNo: string; reviewStatus: string; reviewOutcome: string }>>(
          'GET',
          '/api/intake/window-reports?reviewStatus=reviewed&_end=50',
          { token },
        );
      expect(reports.body.find((r) => r.ticketNo === ticketNo)).toMatchObject({ reviewOutcome: 'dispatch' });
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 60_000);
  });
}
