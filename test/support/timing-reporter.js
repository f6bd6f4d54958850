// A jest reporter: after a run, the seconds each test file took, slowest first, so a pass's
// cost stays visible in its log. With TEST_TIMINGS_FILE set it also appends one JSON line per
// file there (pass, project, file, seconds, status, tests passed and failed) for .ci/run's summary.
/* eslint-disable @typescript-eslint/no-require-imports -- jest loads reporters as CommonJS */
const { appendFileSync } = require('node:fs');
const { relative } = require('node:path');

const SHOWN = 15;

class TimingReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.files = [];
  }

  onTestResult(test, result) {
    const seconds = (result.perfStats.end - result.perfStats.start) / 1000;
    const project = test.context.config.displayName?.name ?? '';
    const status = result.numFailingTests > 0 || result.testExecError ? 'failed' : 'passed';
    const tests = { passed: result.numPassingTests, failed: result.numFailingTests };
    this.files.push({ project, file: relative(this.rootDir, result.testFilePath), seconds, status, ...tests });
  }

  onRunComplete() {
    const pass = process.env.TEST_PASS ?? 'local';
    const out = process.env.TEST_TIMINGS_FILE;
    if (out) for (const entry of this.files) appendFileSync(out, JSON.stringify({ pass, ...entry }) + '\n');
    const sorted = [...this.files].sort((a, b) => b.seconds - a.seconds);
    const total = sorted.reduce((sum, { seconds }) => sum + seconds, 0);
    const lines = sorted
      .slice(0, SHOWN)
      .map(({ seconds, project, file }) => `${seconds.toFixed(1).padStart(7)} s  ${project.padEnd(8)} ${file}`);
    process.stderr.write(
      `\nSlowest test files (${pass}; ${sorted.length} files, ${total.toFixed(0)} s of test time):\n${lines.join('\n')}\n`,
    );
  }
}

module.exports = TimingReporter;
