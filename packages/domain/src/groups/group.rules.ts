import { z } from 'zod';
import { requiredName, text } from '../rules.js';

export const newGroupSchema = z.object({ displayName: requiredName(), externalId: text(256).optional() });
export type NewGroup = z.input<typeof newGroupSchema>;

export const groupChangeSchema = newGroupSchema.partial();
export type GroupChange = z.input<typeof groupChangeSchema>;

export const memberIdsSchema = z.array(z.string()).max(10_000);
