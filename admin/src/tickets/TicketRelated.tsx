import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/time.ts';
import { RelatedSection } from './RelatedSection.tsx';

const dt = (v: unknown) => formatDateTime(typeof v === 'string' ? v : null);

/** Dispatch rounds, deadline history, messages and revisits of the ticket, each from its own API. */
export function TicketRelated() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const filter = { ticketId: record.id };
  const t = (k: string, v: unknown) => (v ? translate(k, { _: String(v) }) : '');
  return (
    <>
      <RelatedSection
        resource="dispatches"
        title="app.ticket.dispatches"
        filter={filter}
        columns={[
          { label: 'resources.dispatches.fields.round', render: (r) => r.round },
          { label: 'resources.dispatches.fields.unitId', render: (r) => r.unitName ?? r.unitId },
          { label: 'resources.dispatches.fields.role', render: (r) => t(`app.dispatch.role.${r.role}`, r.role) },
          { label: 'resources.dispatches.fields.state', render: (r) => t(`app.dispatch.state.${r.state}`, r.state) },
          { label: 'resources.dispatches.fields.dueAt', render: (r) => dt(r.dueAt) },
        ]}
      />
      <RelatedSection
        resource="clocks"
        title="app.ticket.clocks"
        filter={filter}
        columns={[
          { label: 'app.clock.kind', render: (r) => t(`app.clock.kinds.${r.kind}`, r.kind) },
          { label: 'app.clock.state', render: (r) => t(`app.clock.states.${r.state}`, r.state) },
          { label: 'app.clock.deadline', render: (r) => dt(r.deadline ?? r.dueAt) },
        ]}
      />
      <RelatedSection
        resource="messages"
        title="app.ticket.messages"
        filter={filter}
        columns={[
          { label: 'resources.messages.fields.createdAt', render: (r) => dt(r.createdAt) },
          { label: 'resources.messages.fields.channel', render: (r) => t(`enums.channel.${r.channel}`, r.channel) },
          { label: 'resources.messages.fields.direction', render: (r) => t(`app.message.${r.direction}`, r.direction) },
          { label: 'resources.messages.fields.body', render: (r) => r.body },
          { label: 'resources.messages.fields.status', render: (r) => t(`app.message.status.${r.status}`, r.status) },
        ]}
      />
      <RelatedSection
        resource="revisits"
        title="app.ticket.revisits"
        filter={filter}
        columns={[
          { label: 'resources.revisits.fields.dueAt', render: (r) => dt(r.dueAt) },
          { label: 'resources.revisits.fields.status', render: (r) => t(`app.revisit.status.${r.status}`, r.status) },
          { label: 'resources.revisits.fields.result', render: (r) => t(`app.revisit.result.${r.result}`, r.result) },
          { label: 'resources.revisits.fields.comment', render: (r) => r.comment },
        ]}
      />
    </>
  );
}
