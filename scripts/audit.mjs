// `pnpm test` starts here: known high or critical vulnerabilities in the dependency tree fail the run.
// When the registry's audit endpoint cannot be reached (offline machines, mirrors that do not serve
// it), the run warns loudly and goes on, unless ROLLCALL_AUDIT_REQUIRED=1 makes that a failure too.
import { spawnSync } from 'node:child_process';

const execPath = process.env.npm_execpath;
const [command, args] =
  execPath && /\.(c?js|mjs)$/.test(execPath) ? [process.execPath, [execPath]] : [execPath || 'pnpm', []];
const result = spawnSync(command, [...args, 'audit', '--json', '--audit-level', 'high'], {
  encoding: 'utf8',
  timeout: 60_000,
});
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = (result.stderr || result.stdout || String(result.error ?? ''))
    .trim()
    .split('\n')
    .slice(0, 3)
    .join(' ');
  console.warn(`dependency audit: SKIPPED, the audit endpoint could not be used (${reason})`);
  process.exit(process.env.ROLLCALL_AUDIT_REQUIRED === '1' ? 1 : 0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `dependency audit: ${serious} high/critical, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
if (serious > 0) {
  for (const advisory of Object.values(report.advisories ?? {}))
    if (['high', 'critical'].includes(advisory.severity))
      console.error(
        `  ${advisory.severity}: ${advisory.module_name} ${advisory.vulnerable_versions} — ${advisory.title} (${advisory.url})`,
      );
  process.exit(1);
}
