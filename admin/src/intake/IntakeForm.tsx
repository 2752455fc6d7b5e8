import { Box, Button, Stack } from '@mui/material';
import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { CreateBase, Form, type RaRecord, SaveButton, useNotify, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { DirectAnswerButton } from './DirectAnswerButton.tsx';
import { cleanIntake, INTAKE_DEFAULTS, IntakeFields } from './IntakeFields.tsx';

/** What POST /api/tickets says about a repeat it linked (null when none, or the agent opted out). */
interface RepeatLink {
  originalId: number;
  originalTicketNo: string;
  merged: boolean;
}

interface Props {
  /** Pre-filled values, e.g. the caller's number from the screen pop. */
  defaults?: Record<string, unknown>;
  /** Called with the new ticket; without it the console opens the ticket page. */
  onCreated?: (ticket: RaRecord) => void;
  extraActions?: ReactNode;
  /** Offer "answer directly from the knowledge base" (agents on a call). */
  directAnswer?: boolean;
}

function Shortcuts({ children }: { children: ReactNode }) {
  const { reset } = useFormContext();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      const form = (e.currentTarget as HTMLElement).closest('form');
      form?.requestSubmit();
    } else if (e.key === 'Escape') {
      reset();
    }
  };
  return (
    <Box onKeyDown={onKeyDown} data-testid="intake-form">
      {children}
    </Box>
  );
}

function ResetButton() {
  const { reset } = useFormContext();
  const translate = useTranslate();
  return (
    <Button onClick={() => reset()} color="inherit">
      {translate('app.intake.reset')}
    </Button>
  );
}

/**
 * The intake form: POST /api/tickets. Ctrl+Enter registers, Esc clears; after saving the form starts
 * empty again for the next caller and the agent is told the ticket number and query code, and the
 * original ticket when the automatic repeat check linked one (the 自动查重 switch skips it for one ticket).
 */
export function IntakeForm({ defaults, onCreated, extraActions, directAnswer }: Props) {
  const notify = useNotify();
  const [generation, setGeneration] = useState(0);
  return (
    <CreateBase
      resource="tickets"
      key={generation}
      redirect={onCreated ? false : 'show'}
      transform={cleanIntake}
      mutationOptions={{
        onSuccess: (ticket: RaRecord) => {
          const repeat = ticket.repeat as RepeatLink | null | undefined;
          const cluster = typeof ticket.proposedClusterId === 'number';
          // A repeat found by the automatic check, or a cluster proposal, is said at once: the agent can tell
          // the caller.
          const message = repeat
            ? `app.intake.saved_repeat_${repeat.merged ? 'merged' : 'closed'}`
            : cluster
              ? 'app.intake.saved_cluster'
              : 'app.intake.saved';
          notify(message, {
            type: repeat ? 'warning' : cluster ? 'info' : 'success',
            autoHideDuration: repeat || cluster ? 10_000 : undefined,
            messageArgs: {
              ticketNo: ticket.ticketNo,
              queryCode: ticket.queryCode,
              originalNo: repeat?.originalTicketNo,
            },
          });
          if (onCreated) {
            onCreated(ticket);
            setGeneration((g) => g + 1);
          }
        },
      }}
    >
      <Form defaultValues={{ ...INTAKE_DEFAULTS, ...defaults }}>
        <Shortcuts>
          <IntakeFields />
          <Stack direction="row" spacing={1} alignItems="center">
            <SaveButton label="app.intake.submit" alwaysEnable />
            {directAnswer && (
              <DirectAnswerButton
                onDone={(t) => {
                  onCreated?.(t);
                  setGeneration((g) => g + 1);
                }}
              />
            )}
            <ResetButton />
            {extraActions}
          </Stack>
        </Shortcuts>
      </Form>
    </CreateBase>
  );
}
