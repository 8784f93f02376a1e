/** The editable fields of the user form, in order, with their labels. */
export const userFields = [
  ['displayName', 'Display name'],
  ['givenName', 'Given name'],
  ['familyName', 'Family name'],
  ['title', 'Title'],
  ['email', 'Work email'],
  ['department', 'Department'],
  ['employeeNumber', 'Employee number'],
  ['preferredLanguage', 'Preferred language'],
] as const;

/** Form fields → the API's input: empty means "none" (null), the email becomes the work email. */
export function userInput(values: Record<string, string>) {
  const text = (name: string) => (values[name]?.trim() ? values[name]!.trim() : null);
  const email = text('email');
  return {
    displayName: text('displayName'),
    givenName: text('givenName'),
    familyName: text('familyName'),
    title: text('title'),
    department: text('department'),
    employeeNumber: text('employeeNumber'),
    preferredLanguage: text('preferredLanguage'),
    emails: email ? [{ value: email, type: 'work', primary: true }] : [],
  };
}
