import { writeFileSync, mkdirSync } from 'node:fs';

/** Writes the numbers of passed, failed and skipped Web Test Runner tests for scripts/test.mjs. */
export function countReporter(outputFile = '.tmp/wtr-results.json') {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, sessionErrors: 0 };
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load has no results: count it as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.sessionErrors++;
      }
      mkdirSync('.tmp', { recursive: true });
      writeFileSync(outputFile, JSON.stringify(counts));
    },
  };
}
