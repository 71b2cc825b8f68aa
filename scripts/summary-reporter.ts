import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends `npm test` with one plain line, `tests: N passed, N failed, N skipped`,
 * that any CI log reader understands, after vitest's own report.
 */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of testModules) {
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') passed++;
				else if (state === 'failed') failed++;
				else skipped++;
			}
			// A file that failed to load has no tests but must still count as a failure.
			if (module.state() === 'failed' && ![...module.children.allTests()].some((t) => t.result().state === 'failed')) {
				failed++;
			}
		}
		process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
