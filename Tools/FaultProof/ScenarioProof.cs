using ImServerTests.Shared;

namespace ImServerTests.FaultProof;

/// <summary>
/// The regression scenario a Fuzz run wrote for the fault it caught, run as the regression's scenario cases do
/// (IMSERVER_SCENARIOS names its folder): against that fault it must fail, against the correct server it must pass.
/// </summary>
internal static class ScenarioProof
{
    private const string ScenarioCases = "TestCategory=ImServer&FullyQualifiedName~ScenarioTests";

    public static async Task<List<Outcome>> RunAsync(ProofRun fuzzRun, string root, string work, TimeSpan bound, CancellationToken stop)
    {
        var folder = fuzzRun.FuzzScenarios ?? throw new ArgumentException($"{fuzzRun.Name} is not a Fuzz run of a fault", nameof(fuzzRun));
        var againstFault = new Dictionary<string, string>(fuzzRun.Environment) { [EnvironmentVariables.Scenarios] = folder };
        var againstCorrect = new Dictionary<string, string> { [EnvironmentVariables.Scenarios] = folder };
        var withFault = new ProofRun($"{fuzzRun.Name}: its scenario", "the shrunk case's scenario against the fault", Categories.ImServer, Verdict.SomeFail, againstFault)
        {
            Filter = ScenarioCases,
        };
        var correct = new ProofRun($"{fuzzRun.Name}: its scenario, correct server", "the shrunk case's scenario against the correct server", Categories.ImServer,
            Verdict.AllPass, againstCorrect)
        {
            Filter = ScenarioCases,
        };
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.yml").Length == 0)
        {
            return [new Outcome(withFault, 0, [], false, TimeSpan.Zero, false, "the Fuzz run wrote no scenario: it caught nothing, or could not write")];
        }

        return
        [
            await new RegressionRunner(root, work, bound).RunAsync(withFault, stop),
            await new RegressionRunner(root, work, bound).RunAsync(correct, stop),
        ];
    }
}
