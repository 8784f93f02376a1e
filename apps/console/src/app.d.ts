import type { Me } from '$lib/server/operations';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in admin, from the session cookie; null on the sign-in page. */
      me: Me | null;
    }
  }
}

export {};
