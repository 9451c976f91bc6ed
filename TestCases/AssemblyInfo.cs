using NUnit.Framework;

// Fixtures run side by side (each has its own user ids); the cases inside a fixture run in order.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
