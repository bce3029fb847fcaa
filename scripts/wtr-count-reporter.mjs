import { writeFileSync, mkdirSync } from 'node:fs';

/**
 * Writes the numbers of passed, failed and skipped Web Test Runner tests for
 * scripts/test.mjs: in all, and per browser (`browsers[name]`, with the
 * number of test files that browser ran), so a browser that ran nothing shows,
 * and what failed (`failures`: engine, file, test and the error's first line), so the last lines of a
 * CI log name it.
 */
export function countReporter(outputFile = '.tmp/wtr-results.json') {
  return {
    onTestRunFinished({ sessions }) {
      const blank = () => ({ passed: 0, failed: 0, skipped: 0, sessionErrors: 0 });
      const counts = { ...blank(), browsers: {}, failures: [] };
      for (const session of sessions) {
        const name = session.browser?.name ?? 'unknown';
        const own = (counts.browsers[name] ??= { ...blank(), files: 0 });
        own.files++;
        const add = (key) => {
          counts[key]++;
          own[key]++;
        };
        const file = session.testFile.replace(`${process.cwd()}/`, '');
        const walk = (suite, path) => {
          for (const test of suite.tests ?? []) {
            if (test.skipped) add('skipped');
            else if (test.passed) add('passed');
            else {
              add('failed');
              // The assertion's first line too: a CI log keeps only its tail.
              const why = test.error?.message?.split('\n')[0];
              const where = `${name}: ${file}: ${[...path, test.name].join(' › ')}`;
              counts.failures.push(why ? `${where}: ${why.slice(0, 300)}` : where);
            }
          }
          for (const child of suite.suites ?? []) walk(child, [...path, child.name]);
        };
        if (session.testResults) walk(session.testResults, []);
        // A file that failed to load (or a browser that failed to start) has no results:
        // count it as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          add('sessionErrors');
          const why = session.errors.map((error) => error.message.split('\n')[0]).join('; ');
          counts.failures.push(`${name}: ${file}: ${why}`);
        }
      }
      mkdirSync('.tmp', { recursive: true });
      writeFileSync(outputFile, JSON.stringify(counts));
    },
  };
}
