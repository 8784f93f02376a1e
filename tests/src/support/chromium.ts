import { accessSync, constants } from 'node:fs';

/**
 * Where the browser tests look for Debian's Chromium (`apt-get install chromium`), never a browser a
 * tool downloads itself: CHROMIUM_PATH when set, then the places distributions install it.
 */
export const chromiumCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium to drive, or undefined when there is none (CHROMIUM_PATH wins, even when wrong). */
export function findChromium(explicit = process.env.CHROMIUM_PATH): string | undefined {
  if (explicit) return executable(explicit) ? explicit : undefined;
  return chromiumCandidates.find(executable);
}
