using ImServerTests.TestKit.Fuzzing;

namespace ImServerTests.TestCases.Fuzz;

/// <summary>
/// Protocol fuzzing against the run's server: conversations of frames generated from the contract, every property
/// checked at every step, a failure shrunk, printed with its seed and written as a regression scenario
/// (docs/fuzz.md). Bounded by websocket.yml's fuzz: key; not part of the ImServer verdict.
/// </summary>
[Category(Categories.Fuzz)]
[AllureEpic("Protocol fuzzing")]
[AllureFeature("Frames and conversations generated from the contract")]
public sealed class ProtocolFuzzTests
{
    [Test]
    public async Task Generated_frames_and_conversations_keep_every_property()
    {
        var verdict = await FuzzRun.RunAsync(RegressionRun.Server, Environment.GetEnvironmentVariable, TestContext.Out, CancellationToken.None);

        if (!verdict.Report.Passed)
        {
            Assert.Fail(verdict.Message);
        }
    }
}
