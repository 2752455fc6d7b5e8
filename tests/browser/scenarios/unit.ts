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
      await confirmDialog(d.page, { 答复市民内容: '已安排城管队员现场处理，违建已拆除。' });
      expect(await d.shell.notification()).toContain('已提交办结回复');
      const token = await fx.server().login('cgj');
      const r = await fx
        .server()
        .api<Array<{ status: string }>>('GET', `/api/dispatches?ticketId=${ticket.id}`, { token });
      expect(r.body[0]?.status).toBe('replied');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);
  });
}
