import { describe, expect, it } from 'vitest';
import { newId } from '../src/ids.js';
import type { ScimRequestLogEntry } from '../src/scim/scim-request-log.service.js';
import { newTenant, testOrm } from './support.js';

// The SCIM request log (scim-request-log.service.ts): written in one statement, each line once.
const orm = await testOrm();

const entry = (path: string): ScimRequestLogEntry => ({
  id: newId(),
  at: new Date(),
  method: 'PATCH',
  path,
  status: 200,
  scimType: null,
  durationMs: 3,
  tokenPrefix: 'rc_scim_abcdef',
  dialect: 'entra-2020',
  requestId: 'r-1',
  userAgent: 'Azure AD SCIM',
  requestBody: { Operations: [{ op: 'Replace', path: 'title', value: "it's \\ fine" }] },
  responseBody: null,
  ignoredAttributes: [{ resourceType: 'User', name: 'badgeNumber' }],
});

describe('SCIM request log', () => {
  it('keeps every field of a line, and a batch sent again (outcome unknown) is written once', async () => {
    const tenant = await newTenant(orm);
    const batch = [entry('/scim/v2/t/Users/1'), entry('/scim/v2/t/Users/2')];
    await tenant.run((s) => s.requestLog.record(batch));
    await tenant.run((s) => s.requestLog.record([...batch, entry('/scim/v2/t/Users/3')]));
    const lines = await tenant.run((s) => s.requestLog.list({ limit: 10 }));
    expect(lines.map((l) => l.path).sort()).toEqual([
      '/scim/v2/t/Users/1',
      '/scim/v2/t/Users/2',
      '/scim/v2/t/Users/3',
    ]);
    expect(lines.find((l) => l.id === batch[0]!.id)).toMatchObject({
      method: 'PATCH',
      status: 200,
      dialect: 'entra-2020',
      tokenPrefix: 'rc_scim_abcdef',
      requestBody: batch[0]!.requestBody,
      ignoredAttributes: ['badgeNumber'],
    });
  });
});
