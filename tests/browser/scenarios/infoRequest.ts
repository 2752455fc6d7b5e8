import { describe, expect, it } from 'vitest';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { confirmDialog, TicketPage } from '../pages.ts';

interface TicketRow {
  id: number;
  status: string;
  contactPhone: string | null;
}

/**
 * 请市民补充材料 from the ticket page: the question is validated in the dialog, the clocks pause (the
 * countdown says so), the card lists the open request, and 撤回 ends it. Runs last: it dispatches a
 * ticket of its own.
 */
export function infoRequestScenarios(fx: Fixture) {
  describe('dispatcher: asking the citizen for more information', () => {
    it('asks from the ticket page, sees the clocks paused and the request listed, then withdraws it', async () => {
      const server = fx.server();
      const token = await server.login('dispatcher1');
      const list = await server.api<TicketRow[]>('GET', '/api/tickets', { token });
      const t = list.body.find((r) => r.status === 'registered' && r.contactPhone);
      if (!t) throw new Error('no registered ticket with a contact');
      const sug = await server.api<{ suggestions: Array<{ unitId: number; categoryId: number }> }>(
        'GET',
        `/api/tickets/${t.id}/suggestions?limit=1`,
        { token },
      );
      const top = sug.body.suggestions[0];
      if (!top) throw new Error('no suggestion');
      const dispatched = await server.api<{ dispatches: Array<{ id: number; role: string }> }>(
        'POST',
        `/api/tickets/${t.id}/dispatch`,
        { token, body: { unitId: top.unitId, coUnitIds: [], categoryId: top.categoryId } },
      );
      expect(dispatched.status).toBe(201);
      // Signed by the unit, so its handling clock runs: that is the clock a request to the citizen pauses.
      const admin = await server.login('admin');
      const staff = await server.api<Array<{ username: string }>>(
        'GET',
        `/api/users?unitId=${top.unitId}&role=unit_staff`,
        { token: admin },
      );
      const unitUser = staff.body[0]?.username;
      if (!unitUser) throw new Error(`no staff in unit ${top.unitId}`);
      const lead = dispatched.body.dispatches.find((x) => x.role === 'lead');
      const signed = await server.api('POST', `/api/dispatches/${lead?.id}/sign`, {
        token: await server.login(unitUser),
      });
      expect(signed.status).toBe(200);

      const d = await fx.desk('dispatcher1');
      const ticket = new TicketPage(d.page);
      await d.shell.goto(`/tickets/${t.id}/show`);
      await ticket.infoRequests().getByText('暂无记录').waitFor();
      await d.page.getByTestId('info-request-open').click();
      const dialog = d.page.getByRole('dialog');
      await dialog.getByLabel('需要市民补充的内容').fill('门牌？');
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.getByText('至少 5 个字符').waitFor();
      const question = '请提供路灯所在位置的具体门牌号，以及附近是否有明显标志物。';
      await confirmDialog(d.page, { 需要市民补充的内容: question });
      // After the form's own "invalid" notice: wait for this one by its words rather than take the latest.
      const snack = d.page.locator('.MuiSnackbar-root');
      await snack.getByText('已向市民发送补充请求，办理时限已暂停').waitFor();
      await ticket.infoRequest('open').getByText(question).waitFor();
      await ticket.infoRequest('open').getByText('等待市民补充').waitFor();
      await d.page.getByTestId('countdown-paused').waitFor();
      expect(await d.page.getByTestId('info-request-open').count()).toBe(0);
      expect(await ticket.actions()).toContain('ticket.info_requested');
      await screenshot(d.page, 'ticket-info-request');

      await ticket.infoRequest('open').getByTestId('info-request-cancel').click();
      await confirmDialog(d.page);
      await snack.getByText('已撤回补充请求，办理时限恢复计时').waitFor();
      await ticket.infoRequest('cancelled').getByText('已撤回').waitFor();
      await d.page.getByTestId('info-request-open').waitFor();
      const r = await server.api<Array<{ status: string }>>('GET', `/api/tickets/${t.id}/info-requests`, { token });
      expect(r.body.map((x) => x.status)).toEqual(['cancelled']);
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);
  });
}
