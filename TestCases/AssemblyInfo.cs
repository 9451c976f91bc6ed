// Cases run side by side (each has its own user ids and fixture instance, see ImServerFixture); they mostly wait
// on the network, so more of them than cores.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(8)]
