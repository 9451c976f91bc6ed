// Fixtures run side by side (each has its own user ids); the cases inside a fixture run in order.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

// The report's tree: epic, then each fixture's feature, then its stories.
[assembly: AllureEpic("IM server regression")]
