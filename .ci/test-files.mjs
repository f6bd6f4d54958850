// CI's closing table of test files: per pass, its files, tests and test seconds, and its slowest
// files; then one line of every test run. Reads the JSON lines test/support/timing-reporter.js wrote.
import { readFileSync } from 'node:fs';

const SLOWEST = 8;
const files = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const passes = [...new Set(files.map((file) => file.pass))];
const sum = (list, key) => list.reduce((total, file) => total + file[key], 0);

console.log('\n==> Test files by pass (seconds each file took in its worker)');
for (const pass of passes) {
  const own = files.filter((file) => file.pass === pass).sort((a, b) => b.seconds - a.seconds);
  console.log(
    `\n${pass}: ${own.length} files, ${sum(own, 'passed')} passed, ${sum(own, 'failed')} failed, ${sum(own, 'seconds').toFixed(0)} s of test time`,
  );
  for (const { seconds, file, status } of own.slice(0, SLOWEST))
    console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${file}${status === 'passed' ? '' : `  (${status})`}`);
}
console.log(`\n${sum(files, 'passed')} passed, ${sum(files, 'failed')} failed`);
