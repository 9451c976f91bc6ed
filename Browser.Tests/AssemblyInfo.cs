// One browser for the run; the tests open their own pages, one fixture at a time.
[assembly: Parallelizable(ParallelScope.None)]

// The report's tree: epic, then each fixture's feature, then its stories.
[assembly: AllureEpic("Practice page")]
