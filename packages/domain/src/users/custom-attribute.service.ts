import { diffAttributes } from '../audit/diff.js';
import { constraintError } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId, newId } from '../ids.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import {
  customAttributeColumns,
  declarationChangeSchema,
  declarationSchema,
  fromCustomAttributeRow,
  type CustomAttribute,
  type CustomAttributeChange,
  type CustomAttributeDeclaration,
  type CustomSchema,
} from './custom-attribute.js';
import { parseInput } from '../rules.js';

const notFound = (id: string) =>
  new DomainError('custom_attribute.not_found', `No custom attribute has the id ${id}`, { id });

const changeable = ['caseExact', 'required', 'uniqueness', 'description'] as const;

/**
 * The custom user attributes a tenant declares (issue 18). Every change is audited and bumps the
 * tenant's schema version, which `rollcall_enter` returns: SCIM requests pick the change up at once.
 * Removing an attribute drops its stored values (README, "Custom attributes").
 */
export class CustomAttributeService {
  constructor(private readonly scope: TenantScope) {}

  /** The declarations, by URN then name (the order /Schemas lists them in). */
  async list(): Promise<CustomAttribute[]> {
    return (await this.schema()).attributes;
  }

  /** The declarations and the version they are at: one statement, writes nothing. */
  async schema(): Promise<CustomSchema> {
    const rows = await this.scope.sql(
      `select coalesce((select custom_schema_version from scim_settings where tenant_id = k.id), 0) as version,
              a.*
         from (select ?::uuid as id) k
         left join lateral (select ${customAttributeColumns} from custom_attribute
                             where tenant_id = k.id order by schema_key, name_key) a on true`,
      [this.scope.tenantId],
    );
    return {
      version: Number(rows[0]?.['version'] ?? 0),
      attributes: rows.filter((row) => row['id'] !== null).map(fromCustomAttributeRow),
    };
  }

  /**
   * Declare an attribute. Errors: `invalid_input` (a name or URN RFC 7643 does not allow, one of the
   * core or enterprise schemas), `custom_attribute.taken` (the URN already has an attribute of that
   * name, case-insensitively).
   */
  async declare(input: CustomAttributeDeclaration): Promise<CustomAttribute> {
    const declaration = parseInput(declarationSchema, input);
    const id = newId();
    const rows = await this.scope
      .sql(
        `insert into custom_attribute (tenant_id, id, schema_urn, name, type, multi_valued, case_exact, required,
                                       uniqueness, description)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${customAttributeColumns}`,
        [
          this.scope.tenantId,
          id,
          declaration.schema,
          declaration.name,
          declaration.type,
          declaration.multiValued,
          declaration.caseExact,
          declaration.required,
          declaration.uniqueness,
          declaration.description,
        ],
      )
      .catch((error: unknown) => {
        throw constraintError(error, {
          custom_attribute_tenant_id_schema_key_name_key: () =>
            new DomainError(
              'custom_attribute.taken',
              `${declaration.schema} already has an attribute named ${declaration.name}`,
            ),
        });
      });
    const attribute = fromCustomAttributeRow(rows[0]!);
    await this.changed('custom_attribute.declare', attribute, {
      declared: { before: null, after: `${attribute.schema}:${attribute.name} (${attribute.type})` },
    });
    return attribute;
  }

  /**
   * Change what may change of a declaration. Errors: `custom_attribute.not_found`,
   * `custom_attribute.values_not_unique` (uniqueness "server" while two users share a value).
   */
  async update(id: string, input: CustomAttributeChange): Promise<CustomAttribute> {
    const change = parseInput(declarationChangeSchema, input);
    const before = await this.get(id, true);
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    };
    const changes = diffAttributes(before, after, changeable);
    if (Object.keys(changes).length === 0) return before;
    const [row] = await this.scope.sql(
      `update custom_attribute set case_exact = ?, required = ?, uniqueness = ?, description = ?, updated_at = now()
        where tenant_id = ? and id = ? returning ${customAttributeColumns}`,
      [after.caseExact, after.required, after.uniqueness, after.description, this.scope.tenantId, id],
    );
    // The keyed rows follow the new caseExact and uniqueness (the unique index decides on duplicates).
    await this.scope
      .sql(
        `update custom_attribute_value v
            set text_key = case when v.text_key is null then null when ? then x.original else lower(x.original) end,
                unique_key = case when ? then coalesce(
                               case when v.text_key is null then null when ? then x.original else lower(x.original) end,
                               x.original) end
           from (select u.id as user_id, e.position::integer as position, e.value #>> '{}' as original
                   from directory_user u
                   cross join lateral jsonb_array_elements(
                     case when jsonb_typeof(u.custom_attributes -> ?) = 'array' then u.custom_attributes -> ?
                          else jsonb_build_array(u.custom_attributes -> ?) end) with ordinality as e(value, position)
                  where u.tenant_id = ? and jsonb_exists(u.custom_attributes, ?)) x
          where v.tenant_id = ? and v.attribute_id = ? and v.user_id = x.user_id and v.position = x.position`,
        [
          after.caseExact,
          after.uniqueness === 'server',
          after.caseExact,
          id,
          id,
          id,
          this.scope.tenantId,
          id,
          this.scope.tenantId,
          id,
        ],
      )
      .catch((error: unknown) => {
        throw constraintError(error, {
          custom_attribute_value_unique_idx: () =>
            new DomainError(
              'custom_attribute.values_not_unique',
              `Two users share a value of ${before.name}: it cannot be unique until they do not`,
            ),
        });
      });
    const attribute = fromCustomAttributeRow(row!);
    await this.changed('custom_attribute.update', attribute, changes);
    return attribute;
  }

  /** Remove a declaration and every value stored for it. Errors: `custom_attribute.not_found`. */
  async remove(id: string): Promise<{ attribute: CustomAttribute; valuesDropped: number }> {
    const attribute = await this.get(id, true);
    const [dropped] = await this.scope.sql<{ count: number }>(
      `with cleared as (
         update directory_user set custom_attributes = custom_attributes - ?
          where tenant_id = ? and jsonb_exists(custom_attributes, ?) returning 1)
       select count(*)::int as count from cleared`,
      [id, this.scope.tenantId, id],
    );
    await this.scope.sql('delete from custom_attribute where tenant_id = ? and id = ?', [
      this.scope.tenantId,
      id,
    ]);
    await this.changed('custom_attribute.remove', attribute, {
      declared: { before: `${attribute.schema}:${attribute.name} (${attribute.type})`, after: null },
    });
    return { attribute, valuesDropped: dropped?.count ?? 0 };
  }

  private async get(id: string, forUpdate = false): Promise<CustomAttribute> {
    if (!isId(id)) throw notFound(id);
    const [row] = await this.scope.sql(
      `select ${customAttributeColumns} from custom_attribute where tenant_id = ? and id = ?${forUpdate ? ' for update' : ''}`,
      [this.scope.tenantId, id],
    );
    if (!row) throw notFound(id);
    return fromCustomAttributeRow(row);
  }

  /** Audit the change and bump the schema version (a settings row is made when there is none). */
  private async changed(
    action: string,
    attribute: CustomAttribute,
    changes: Record<string, { before: unknown; after: unknown }>,
  ): Promise<void> {
    this.scope.audit({ action, targetType: 'custom_attribute', targetId: attribute.id, changes });
    await this.scope.sql(
      `insert into scim_settings (tenant_id, custom_schema_version) values (?, 1)
       on conflict (tenant_id) do update set custom_schema_version = scim_settings.custom_schema_version + 1`,
      [this.scope.tenantId],
    );
  }
}
