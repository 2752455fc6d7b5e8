import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';

export function dispatcherScenarios(fx: Fixture) {
  describe('dispatcher: new tickets to units', () => {
    it('lists new tickets urgent first and dispatches the first to its suggested unit with one click', async () => {
      const d = await fx.desk('dispatcher1');
      const panel = d.page.getByTestId('new-tickets');
      const row = panel.locator('tbody tr').first();
      const quick = row.getByTestId('quick-dispatch');
      await quick.waitFor();
      await screenshot(d.page, 'dispatcher-workspace');
      // The priority column (4th): every 紧急 row comes before the first 一般 one.
      const priorities = (await panel.locator('tbody tr td:nth-child(4)').allTextContents()).map((t) => t.trim());
      expect(priorities).toContain('紧急');
      expect(priorities.lastIndexOf('紧急')).toBeLessThan(
        priorities.indexOf('一般') === -1 ? 99 : priorities.indexOf('一般'),
      );
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

    it('answers a consultation that came in from the web directly on its page; the citizen is sent the answer', async () => {
      const server = fx.server();
      const filed = await server.api<{ ticketNo: string }>('POST', '/api/public/complaints', {
        body: { phone: '13907346611', content: '请问新生儿医保在哪里办理，需要带什么材料？', type: 'consultation' },
      });
      expect(filed.status).toBe(201);
      const token = await server.login('dispatcher1');
      const found = await server.api<Array<{ id: number }>>('GET', `/api/tickets?ticketNo=${filed.body.ticketNo}`, {
        token,
      });
      const id = found.body[0]?.id;
      const d = await fx.desk('dispatcher1');
      await d.shell.goto(`/tickets/${id}/show`);
      await d.page.getByTestId('ticket-direct-answer').click();
      const dialog = d.page.getByRole('dialog');
      await dialog
        .getByLabel('答复内容')
        .fill('携带出生医学证明和户口簿，到就近社区服务中心或在“回音医保”小程序办理。');
      await screenshot(d.page, 'dispatcher-direct-answer');
      await dialog.getByRole('button', { name: '确认' }).click();
      await d.page.locator('.MuiSnackbar-root', { hasText: '已直接答复办结' }).waitFor();
      await d.page.getByTestId('ticket-direct-answer').waitFor({ state: 'detached' });
      const after = await server.api<{ status: string; closeReason: string }>('GET', `/api/tickets/${id}`, { token });
      expect(after.body).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
      const sent = await server.api<Array<{ template: string; body: string }>>('GET', `/api/messages?ticketId=${id}`, {
        token,
      });
      expect(sent.body.find((m) => m.template === 'ticket.answered')?.body).toContain('携带出生医学证明和户口簿');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);
  });
}
