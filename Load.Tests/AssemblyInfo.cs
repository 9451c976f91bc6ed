// Fixtures run side by side; the tests inside a fixture run in order.
[assembly: Parallelizable(ParallelScope.Fixtures)]

// The report's tree: epic, then each fixture's feature, then its stories.
[assembly: AllureEpic("Load")]
