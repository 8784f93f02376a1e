import { randomBytes } from 'node:crypto';
import type { ScimProvider } from '@rollcall/domain';

/** How self-check requests introduce themselves (the request log and health tell them apart). */
export const selfCheckUserAgent = 'Rollcall-SelfCheck/1';

export interface SelfCheckStep {
  name: string;
  method: string;
  path: string;
  status: number | null;
  ok: boolean;
  durationMs: number;
  /** The SCIM error detail (or network error) when the step failed. */
  detail: string | null;
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * "Test my connection": replay what the chosen IdP typically sends — match, create, update,
 * deactivate, group push — against the tenant's own SCIM endpoint (over HTTP, through whatever sits
 * in front of it), on a clearly marked temporary user and group that are deleted afterwards even when
 * a step fails. Each step reports its status and, when it failed, the server's SCIM error detail.
 */
export async function runSelfCheck(options: {
  baseUrl: string;
  token: string;
  provider: ScimProvider;
}): Promise<SelfCheckStep[]> {
  const steps: SelfCheckStep[] = [];
  const marker = randomBytes(4).toString('hex');
  const userName = `rollcall-self-check-${marker}@self-check.invalid`;
  const okta = options.provider === 'okta';
  // Entra is exercised in its standards-compliant dialect (the one Identity & Security recommends).
  const flag = options.provider === 'entra_id' ? '?aadOptscim062020' : '';

  const step = async (name: string, method: string, path: string, expected: number[], body?: unknown) => {
    const started = performance.now();
    const url = `${options.baseUrl}${path}${flag ? (path.includes('?') ? '&aadOptscim062020' : flag) : ''}`;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          'User-Agent': selfCheckUserAgent,
          ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const ok = expected.includes(response.status);
      steps.push({
        name,
        method,
        path,
        status: response.status,
        ok,
        durationMs: Math.round(performance.now() - started),
        detail: ok ? null : String(json['detail'] ?? text.slice(0, 200)),
      });
      return ok ? json : null;
    } catch (error) {
      steps.push({
        name,
        method,
        path,
        status: null,
        ok: false,
        durationMs: Math.round(performance.now() - started),
        detail: (error as Error).message,
      });
      return null;
    }
  };

  const filter = encodeURIComponent(`userName eq "${userName}"`);
  await step('Match the user by userName (not there yet)', 'GET', `/Users?filter=${filter}`, [200]);
  const user = await step('Create the user', 'POST', '/Users', [201], {
    schemas: [USER, ENTERPRISE],
    userName,
    externalId: `self-check-${marker}`,
    active: true,
    displayName: 'Rollcall self-check (temporary)',
    name: { givenName: 'Self', familyName: 'Check' },
    emails: [{ value: userName, type: 'work', primary: true }],
    [ENTERPRISE]: { department: 'Rollcall self-check' },
  });
  const userId = user?.['id'] as string | undefined;
  let groupId: string | undefined;
  if (userId) {
    if (okta)
      await step('Update the profile (GET-modify-PUT)', 'PUT', `/Users/${userId}`, [200], {
        ...user,
        displayName: 'Rollcall self-check (temporary, updated)',
      });
    else
      await step('Update an attribute', 'PATCH', `/Users/${userId}`, [200], {
        schemas: [PATCH],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Rollcall self-check (temporary, updated)' },
        ],
      });
    const group = await step('Push a group', 'POST', '/Groups', [201], {
      schemas: [GROUP],
      displayName: `Rollcall self-check ${marker} (temporary)`,
      ...(okta ? { members: [] } : {}),
    });
    groupId = group?.['id'] as string | undefined;
    if (groupId)
      await step('Add the user to the group', 'PATCH', `/Groups/${groupId}`, [200, 204], {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
      });
    await step('Deactivate the user', 'PATCH', `/Users/${userId}`, [200], {
      schemas: [PATCH],
      Operations: okta
        ? [{ op: 'replace', value: { active: false } }]
        : [{ op: 'replace', path: 'active', value: false }],
    });
  }
  // Clean up whatever was created, whatever failed.
  if (groupId) await step('Clean up: delete the group', 'DELETE', `/Groups/${groupId}`, [204]);
  if (userId) await step('Clean up: delete the user', 'DELETE', `/Users/${userId}`, [204]);
  return steps;
}
