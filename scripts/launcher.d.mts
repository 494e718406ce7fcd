/** the launcher's text around `bundle` (the bundle's own text) */
export function launcherFor(bundle: string): string;
