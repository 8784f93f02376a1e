import { invalidPath, invalidValue } from '../errors.js';
import type { FilterNode } from '../filter/filter-node.js';
import { parsePath } from '../path/parse-path.js';
import { groupSchemaId } from '../schema/group.schema.js';
import type { PatchOperation } from './patch-op.js';

/** The net change to a group's members that a PATCH asks for, in user ids. */
export interface MembershipPlan {
  /** When set, the members become exactly these (then `add`/`remove` are empty). */
  replace: string[] | null;
  add: string[];
  remove: string[];
}

/**
 * Split a group PATCH into attribute operations (for `applyPatch` on the group without its members)
 * and a membership plan, so membership is never loaded: adding one member to a group of 100,000 stays
 * one set-based statement. The plan folds the operations in order, so Okta's
 * `remove members[value eq "x"]` + `add members [x]` in one PATCH leaves x a member, and a path-less
 * rename `{id, displayName}` leaves the members alone.
 */
export function planGroupPatch(operations: readonly PatchOperation[]): {
  attributeOps: PatchOperation[];
  members: MembershipPlan | null;
} {
  const attributeOps: PatchOperation[] = [];
  let replace: Set<string> | null = null;
  const add = new Set<string>();
  const remove = new Set<string>();
  let touched = false;

  const addIds = (ids: string[]) => {
    touched = true;
    for (const id of ids) {
      if (replace) replace.add(id);
      else {
        add.add(id);
        remove.delete(id);
      }
    }
  };
  const removeIds = (ids: string[]) => {
    touched = true;
    for (const id of ids) {
      if (replace) replace.delete(id);
      else {
        remove.add(id);
        add.delete(id);
      }
    }
  };
  const replaceAll = (ids: string[]) => {
    touched = true;
    replace = new Set(ids);
    add.clear();
    remove.clear();
  };

  operations.forEach((operation, index) => {
    const where = `Operations[${index}]`;
    if (operation.path === undefined) {
      const value = operation.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        attributeOps.push(operation);
        return;
      }
      const rest: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (key.toLowerCase() === 'members') {
          const ids = memberIds(item, `${where}.value.members`);
          if (operation.op === 'add') addIds(ids);
          else replaceAll(ids);
        } else rest[key] = item;
      }
      if (Object.keys(rest).length > 0) attributeOps.push({ ...operation, value: rest });
      return;
    }
    const target = parsePath(operation.path);
    const isMembers =
      target.path.attr.toLowerCase() === 'members' &&
      (!target.path.uri || target.path.uri.toLowerCase() === groupSchemaId.toLowerCase());
    if (!isMembers) {
      attributeOps.push(operation);
      return;
    }
    if (target.path.sub || target.subAfterFilter)
      throw invalidPath(`${where}: members can only be added or removed whole`);
    if (target.filter) {
      if (operation.op !== 'remove')
        throw invalidPath(`${where}: a value filter on members is only supported for remove`);
      removeIds(valueEqualities(target.filter, where));
      return;
    }
    if (operation.op === 'add') addIds(memberIds(operation.value, `${where}.value`));
    else if (operation.op === 'replace') replaceAll(memberIds(operation.value, `${where}.value`));
    else if (operation.value === undefined || operation.value === null) replaceAll([]);
    else removeIds(memberIds(operation.value, `${where}.value`)); // Entra: remove exactly those listed
  });

  const members: MembershipPlan | null = touched
    ? { replace: replace ? [...(replace as Set<string>)] : null, add: [...add], remove: [...remove] }
    : null;
  return { attributeOps, members };
}

/** Member values as sent: `[{value: id}, …]`, one `{value}`, bare ids, or `null`/`[]` for none. */
export function memberIds(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string' && item !== '') return item;
    if (typeof item === 'object' && item !== null) {
      const key = Object.keys(item).find((k) => k.toLowerCase() === 'value');
      const id = key ? (item as Record<string, unknown>)[key] : undefined;
      if (typeof id === 'string' && id !== '') return id;
    }
    throw invalidValue(`${where}[${i}] must be a member with a "value" (the user's id)`);
  });
}

/** `value eq "a" or value eq "b"` → ["a", "b"]; other filters on members are not supported. */
function valueEqualities(filter: FilterNode, where: string): string[] {
  if (filter.kind === 'or')
    return [...valueEqualities(filter.left, where), ...valueEqualities(filter.right, where)];
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.attr.toLowerCase() === 'value' &&
    !filter.path.sub &&
    typeof filter.value === 'string'
  ) {
    return [filter.value];
  }
  throw invalidPath(`${where}: members can be selected only by value eq "<id>" (joined with or)`);
}
