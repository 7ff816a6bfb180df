// The contract coverage gate: after a full run, every documented (operation, status) pair must
// have been exercised, or be allowlisted with a reason. Runs limited to some files skip it.
import { coverageReport, endRun, readAllowlist, readExercised } from '../harness/coverage.ts';
import { stopTestServer } from './embedded-test-server.ts';
import { operations } from '../../generated/operations.ts';

interface GlobalConfig {
  testPathPatterns?: { patterns?: string[] } | string[];
  testNamePattern?: string;
}

export default function globalTeardown(globalConfig: GlobalConfig): void {
  stopTestServer();
  const patterns = globalConfig.testPathPatterns;
  const filtered =
    (Array.isArray(patterns) ? patterns.length : (patterns?.patterns?.length ?? 0)) > 0 ||
    Boolean(globalConfig.testNamePattern);
  if (filtered || process.env.CONTRACT_COVERAGE === 'off') {
    endRun();
    console.log('\nContract coverage gate skipped: not a full run.');
    return;
  }
  const exercised = readExercised();
  endRun();
  const report = coverageReport(operations, exercised, readAllowlist());
  console.log(
    `\nContract coverage: ${report.exercised}/${report.total} documented (operation, status) pairs exercised.`,
  );
  const problems = [
    ...report.missing.map((pair) => `never exercised: ${pair}`),
    ...report.staleAllowlist.map(
      (pair) => `allowlisted but exercised or no longer documented: ${pair}`,
    ),
  ];
  if (problems.length > 0) {
    throw new Error(`Contract coverage gate failed:\n- ${problems.join('\n- ')}`);
  }
}
