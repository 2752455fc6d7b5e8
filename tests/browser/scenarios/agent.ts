import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { AgentDesk, TicketPage } from '../pages.ts';
import { ctiCall } from './cti.ts';

export function agentScenarios(fx: Fixture) {
  describe('agent: call workspace', () => {
    it('gets the screen pop of an answered call, registers the ticket from the keyboard, follows it', async () => {
      const d = await fx.desk('agent1', { viaForm: true });
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await d.page.getByTestId('live-dot').and(d.page.locator('[data-connected="true"]')).waitFor();
      // The PBX reports a call answered on agent1's extension: the caller pops up without a click.
      await ctiCall(fx.server(), 'browser-call-1', '13912345678', [
        { event: 'newCall' },
        { event: 'answer', answeringNumber: '8001' },
      ]);
      await d.page.getByTestId('caller').getByText('+8613912345678').waitFor();
      expect(await d.page.getByLabel('来电号码').inputValue()).toContain('13912345678');
      await screenshot(d.page, 'agent-workspace');
      await desk.fillIntake({
        name: '赵女士',
        category: ['路灯', /路灯/],
        address: '城东区东风街道人民路18号',
        content: '人民路18号门口路灯连续三晚不亮，夜间行走不安全。',
      });
      await desk.submitWithKeyboard();
      const note = await d.shell.notification();
      expect(note).toMatch(/工单 \d{14} 已登记/);
      const ticketNo = /(\d{14})/.exec(note)?.[1] ?? 'missing';
      // First-asker responsibility: the new ticket is in "my tickets" at once, no reload.
      const mine = d.page.getByTestId('my-tickets').getByText(ticketNo);
      await mine.click();
      const ticket = new TicketPage(d.page);
      expect(await ticket.actions()).toContain('ticket.created');
      await d.page.getByText('人民路18号门口路灯连续三晚不亮').first().waitFor();
      await ticket.countdown().waitFor();
      await screenshot(d.page, 'agent-ticket');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);

    it('tells the agent when the call joins a cluster proposal (another citizen reported that place today)', async () => {
      const server = fx.server();
      const token = await server.login('agent2');
      const cats = await server.api<Array<{ id: number; name: string }>>(
        'GET',
        `/api/categories?q=${encodeURIComponent('井盖缺失')}`,
        { token },
      );
      const categoryId = cats.body.find((c) => c.name === '井盖缺失')?.id;
      const first = await server.api('POST', '/api/public/complaints', {
        body: { phone: '13907340101', content: '和平路66号的井盖不见了', address: '城北区和平路66号', categoryId },
      });
      expect(first.status).toBe(201);
      const d = await fx.desk('agent2');
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await desk.fillIntake({
        phone: '13907340102',
        category: ['井盖', /井盖缺失/],
        address: '城北区和平路66号门口',
        content: '和平路66号门口井盖缺失，很危险。',
      });
      await desk.submitWithKeyboard();
      const note = await d.shell.notification();
      expect(note).toMatch(/工单 \d{14} 已登记/);
      expect(note).toContain('已提议合并为群体事件，待调度员确认');
      await screenshot(d.page, 'agent-cluster-proposal');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 60_000);

    it('shows the API field errors in Chinese under the inputs', async () => {
      const d = await fx.desk('agent2');
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await desk.fillIntake({ phone: '123456', content: '测试无效号码' });
      await desk.submitWithKeyboard();
      await d.page.getByText('不是有效的中国大陆电话号码').first().waitFor();
      expect(await d.shell.notification()).toBe('电话号码无效');
      await d.close();
    }, 60_000);

    it('answers a consultation directly and closes it in one step', async () => {
      const d = await fx.desk('agent2');
      const desk = new AgentDesk(d.page);
      await desk.root.waitFor();
      await desk.fillIntake({ phone: '13500002222', content: '请问公积金提取需要哪些材料？' });
      await d.page.getByTestId('direct-answer').click();
      const dialog = d.page.getByRole('dialog');
      await dialog
        .getByLabel('答复内容（不填则用知识库条目原文）')
        .fill('携带身份证、购房合同到公积金中心窗口办理，也可在网上办理。');
      await dialog.getByTestId('direct-answer-confirm').click();
      const note = await d.shell.notification();
      expect(note).toMatch(/已登记并直接答复办结：\d{14}/);
      const ticketNo = /(\d{14})/.exec(note)?.[1] ?? 'missing';
      const token = await fx.server().login('agent2');
      const r = await fx
        .server()
        .api<Array<{ status: string; closeReason: string }>>('GET', `/api/tickets?ticketNo=${ticketNo}`, { token });
      expect(r.body[0]).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
      await d.close();
    }, 60_000);

    it('lists a missed call live and clears it once called back', async () => {
      const d = await fx.desk('agent2');
      await d.page.getByTestId('tab-missed').click();
      await d.page.getByTestId('missed-calls').waitFor();
      await ctiCall(fx.server(), 'browser-missed-1', '13700001111', [{ event: 'newCall' }, { event: 'hangup' }]);
      const row = d.page.getByTestId('missed-calls').locator('[data-testid^="missed-"]', { hasText: '13700001111' });
      await row.waitFor();
      await row.getByTestId('called-back').click();
      expect(await d.shell.notification()).toContain('已标记为已回拨');
      await row.waitFor({ state: 'detached' });
      await d.close();
    }, 60_000);
  });
}
