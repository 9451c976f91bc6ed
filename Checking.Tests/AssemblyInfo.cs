// Fixtures run side by side; the specs inside a fixture run in order.
[assembly: Parallelizable(ParallelScope.Fixtures)]

// The report's tree: epic, then each fixture's feature, then its stories.
[assembly: AllureEpic("The checking core")]
