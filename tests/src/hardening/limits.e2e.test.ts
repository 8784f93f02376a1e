import { describe, expect, it } from 'vitest';
import { GROUP, PATCH, scimTestServer, USER } from '../support/scim.js';

const { newTenant } = scimTestServer({
  ROLLCALL_SCIM_MAX_MEMBERS_PER_PATCH: '3',
  ROLLCALL_SCIM_MAX_PAYLOAD_BYTES: '2048',
  ROLLCALL_SCIM_MAX_RESULTS: '5',
});

describe('configured limits', () => {
  it('members per PATCH, body size and page size: precise 4xx (or cap), advertised, nothing changed', async () => {
    const { scim } = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await scim('POST', '/Users', { schemas: [USER], userName: `l${i}@limits.test` })).body.id);
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Limited' })).body.id;
    const add = (values: string[]) =>
      scim('PATCH', `/Groups/${group}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: values.map((value) => ({ value })) }],
      });
    const tooMany = await add(ids.slice(0, 4));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ scimType: 'tooMany' });
    expect(tooMany.body.detail).toMatch(/At most 3 member values per PATCH \(this one has 4\)/);
    expect((await scim('GET', `/Groups/${group}`)).body.members ?? []).toEqual([]);
    expect([200, 204]).toContain((await add(ids.slice(0, 3))).status);

    const huge = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'big@limits.test',
      title: 'x'.repeat(4096),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({
      status: '413',
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    });

    const page = await scim('GET', '/Users?count=100');
    expect(page.body.itemsPerPage).toBe(5);
    expect(page.body.totalResults).toBe(6);
    const config = (await scim('GET', '/ServiceProviderConfig')).body;
    expect(config.filter.maxResults).toBe(5);
    expect(config.bulk.maxPayloadSize).toBe(2048);
  });
});
