/**
 * PostgreSQL text (and JSONB) cannot hold NUL, and UTF-8 cannot encode an unpaired UTF-16 surrogate;
 * hostile or broken clients send both. Attributes refuse them (400); logs store them replaced.
 */
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const isStorableText = (text: string): boolean => text.search(unstorable) === -1;

/** The text with every unstorable character replaced by U+FFFD. */
export const toStorableText = (text: string): string => text.replace(unstorable, '\uFFFD');
