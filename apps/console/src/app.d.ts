import type { MeQuery } from '$lib/graphql/generated/graphql';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in admin, from the session cookie; null on the sign-in page. */
      me: MeQuery['me'] | null;
    }
  }
}

export {};
