import { pgEnum } from 'drizzle-orm/pg-core';
import {
  CHANNELS,
  DISPATCH_ROLES,
  MESSAGE_CHANNELS,
  PRIORITIES,
  ROLES,
  TICKET_TYPES,
  UNIT_KINDS,
} from '../../domain/vocabulary.ts';

export const unitKind = pgEnum('unit_kind', UNIT_KINDS);
export const userRole = pgEnum('user_role', ROLES);
export const channel = pgEnum('channel', CHANNELS);
export const ticketType = pgEnum('ticket_type', TICKET_TYPES);
export const priority = pgEnum('priority', PRIORITIES);
export const dispatchRole = pgEnum('dispatch_role', DISPATCH_ROLES);
export const messageChannel = pgEnum('message_channel', MESSAGE_CHANNELS);
