using ImServerTests.TestCases.Reporting;
using NUnit.Framework;

// Fixtures run side by side (each has its own user ids); the cases inside a fixture run in order.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

// Every test of the run leaves one Allure result (see Reporting/).
[assembly: AllureNUnit]
