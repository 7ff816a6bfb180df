// Appends each Jest run's totals to $TEST_TOTALS_FILE, so that a pipeline running the suite
// several times (one run per database backend) can print one closing line for all of them.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export default class TotalsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.TEST_TOTALS_FILE;
    if (!file) return;
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const skipped = numPendingTests + numTodoTests;
    appendFileSync(file, `${numPassedTests} ${numFailedTests} ${skipped}\n`);
  }
}
