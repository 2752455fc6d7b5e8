import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { AgentDesk, TicketPage } from '../pages.ts';

export function agentScenarios(fx: Fixture) {
  describe('agent: call workspace', () => {
    it('registers a ticket from the keyboard and follows it in "my tickets"', async () => {
      const d = await fx.desk('agent1');
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await screenshot(d.page, 'agent-workspace');
      await desk.fillIntake({
        phone: '13812345678',
        name: '赵女士',
        category: ['路灯', /路灯/],
        address: '城东区东风街道人民路18号',
        content: '人民路18号门口路灯连续三晚不亮，夜间行走不安全。',
      });
      await desk.submitWithKeyboard();
      const note = await d.shell.notification();
      expect(note).toMatch(/工单 \d{14} 已登记/);
      const ticketNo = /(\d{14})/.exec(note)?.[1] ?? 'missing';
      // The new ticket shows in "my tickets" without a reload.
      const mine = d.page.getByTestId('my-tickets').getByText(ticketNo);
      await mine.waitFor();
      await mine.click();
      const ticket = new TicketPage(d.page);
      expect(await ticket.actions()).toContain('ticket.created');
      expect(await d.page.getByText('人民路18号门口路灯连续三晚不亮').first().isVisible()).toBe(true);
      await screenshot(d.page, 'agent-ticket');
      expect(d.problems()).toEqual([]);
      await d.close();
    });

    it('shows the API field errors in Chinese under the inputs', async () => {
      const d = await fx.desk('agent2');
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await desk.fillIntake({ phone: '123456', content: '测试无效号码' });
      await desk.submitWithKeyboard();
      await d.page.getByText('不是有效的中国大陆电话号码').waitFor();
      await d.close();
    });
  });
}
