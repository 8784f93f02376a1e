import { api, attempt, text } from '$lib/server/api';
import {
  AttributesPageDocument,
  DeclareCustomAttributeDocument,
  RemoveCustomAttributeDocument,
  UpdateCustomAttributeDocument,
  type CustomAttributeType,
} from '$lib/graphql/generated/graphql';
import type { Actions, PageServerLoad } from './$types';

const types: CustomAttributeType[] = ['STRING', 'BOOLEAN', 'INTEGER', 'DECIMAL', 'DATE_TIME', 'REFERENCE'];

/** The declared attributes, and the ignored user attributes the IdP sends that could be kept. */
export const load: PageServerLoad = async ({ cookies, url }) => {
  const data = await api(cookies, AttributesPageDocument);
  return {
    attributes: data.customAttributes,
    // Only user attributes can be declared; a group's ignored attributes stay on Identity & Security.
    candidates: data.ignoredScimAttributes.filter((a) => a.resourceType === 'User'),
    types,
    // "Keep this attribute" links here with the attribute it names.
    keep: url.searchParams.get('keep'),
  };
};

export const actions: Actions = {
  declare: async ({ cookies, request }) => {
    const form = await request.formData();
    const values = Object.fromEntries(
      ['schema', 'name', 'type', 'description'].map((k) => [k, text(form, k)]),
    );
    return attempt(async () => {
      const { declareCustomAttribute: a } = await api(cookies, DeclareCustomAttributeDocument, {
        input: {
          schema: values.schema!,
          name: values.name!,
          type: (types.find((t) => t === values.type) ?? 'STRING') as CustomAttributeType,
          multiValued: form.get('multiValued') === 'on',
          caseExact: form.get('caseExact') === 'on',
          required: form.get('required') === 'on',
          uniqueness: form.get('unique') === 'on' ? 'SERVER' : 'NONE',
          description: values.description!,
        },
      });
      return {
        message: `${a.name} is declared: your identity provider's values of it are kept from now on.`,
      };
    }, values);
  },
  update: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      const { updateCustomAttribute: a } = await api(cookies, UpdateCustomAttributeDocument, {
        input: {
          id: text(form, 'id'),
          description: text(form, 'description'),
          required: form.get('required') === 'on',
          caseExact: form.get('caseExact') === 'on',
          uniqueness: form.get('unique') === 'on' ? 'SERVER' : 'NONE',
        },
      });
      return { message: `${a.name} is saved.` };
    });
  },
  remove: async ({ cookies, request }) => {
    const id = text(await request.formData(), 'id');
    return attempt(async () => {
      const { removeCustomAttribute: r } = await api(cookies, RemoveCustomAttributeDocument, { id });
      return {
        message: `${r.attribute.name} is removed; ${r.valuesDropped} user${r.valuesDropped === 1 ? '' : 's'} lost their value of it.`,
      };
    });
  },
};
