import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { confirmDialog, QueueDesk } from '../pages.ts';
import { dispatchToUnit } from './setup.ts';

export function unitScenarios(fx: Fixture) {
  describe('unit staff: sign and reply', () => {
    it('signs a new dispatch, then replies to it; the queue is coloured by time left', async () => {
      const ticket = await dispatchToUnit(fx.server(), 'CGJ');
      const d = await fx.desk('cgj');
      const desk = new QueueDesk(d.page);
      await d.page.getByTestId('unit-queues').waitFor();
      await desk.openQueue('to_sign');
      const row = desk.row(ticket.ticketNo);
      await row.waitFor();
      expect(await row.locator('[data-urgency]').first().getAttribute('data-urgency')).toMatch(/ok|warn|overdue/);
      await screenshot(d.page, 'unit-workspace');
      await row.getByTestId('sign').click();
      expect(await d.shell.notification()).toContain('已签收');
      await desk.openQueue('to_handle');
      await row.getByTestId('reply').click();
      // Blank to the API (it trims), not to the form: the API's reason shows under the input, and is said
      // once, in Chinese words only (the API's message also names the field for machine clients).
      const notes = await d.shell.recordNotifications();
      const dialog = d.page.getByRole('dialog');
      await dialog.getByLabel('答复市民内容').fill('   ');
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.locator('.Mui-error', { hasText: '请填写答复市民的内容' }).first().waitFor();
      expect(await d.shell.notification()).toBe('输入有误：请填写答复市民的内容');
      await screenshot(d.page, 'unit-reply-field-error');
      expect(await notes()).toEqual(['输入有误：请填写答复市民的内容']);
      await confirmDialog(d.page, { 答复市民内容: '已安排城管队员现场处理，违建已拆除。' });
      await d.page.locator('.MuiSnackbar-root', { hasText: '已提交办结回复' }).waitFor();
      const token = await fx.server().login('cgj');
      const r = await fx
        .server()
        .api<Array<{ status: string }>>('GET', `/api/dispatches?ticketId=${ticket.id}`, { token });
      expect(r.body[0]?.status).toBe('replied');
      // The refused reply above, and nothing else.
      expect(d.problems()).toEqual([
        'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
      await d.close();
    }, 90_000);
  });
}
