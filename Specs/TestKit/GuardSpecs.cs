using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.TestKit.Assertions;
using ImServerTests.Conformance;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Har;
using ImServerTests.TestKit.Scenarios.Running;

namespace ImServerTests.Specs.TestKit;

/// <summary>The checking core refuses a missing argument at once, naming it, rather than failing later and elsewhere.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Arguments")]
public sealed class GuardSpecs
{
    private static readonly Contract Contract = ContractFile.Load(_ => null);

    [Test]
    public void Missing_arguments_are_named()
    {
        var expectation = new FrameExpectation(new Dictionary<string, FieldMatcher>());

        Named(() => expectation.Mismatches(null!), "frame");
        Named(() => FrameConformance.Check(null!, "{}", []), "contract");
        Named(() => FrameConformance.Check(Contract, "{}", null!), "expected");
        Named(() => FrameConformance.CheckAnyMessage(null!, "{}"), "contract");
        Named(() => ImFrame.Parse(null!), "raw");
        Named(() => Protocol.IsTeacher(null!), "userId");
        Named(() => Protocol.UserUrl(null!, "a"), "baseUrl");
        Named(() => Protocol.UserUrl(new Uri("ws://h/p"), " "), "userId");
        Named(() => ContractFile.Load(null!), "variables");
        Named(() => ScenarioReader.Read(null!), "path");
        Named(() => ScenarioReader.Parse(null!, "a.yml"), "yaml");
        Named(() => HarReader.Read(null!), "path");
        Named(() => HarWriter.Write(null!), "connections");
        Named(() => ScenarioImporter.Import(null!, "a", "a.har"), "recording");
        Named(() => new ScenarioRunner((_, _) => throw new InvalidOperationException(), () => "a", TimeSpan.FromSeconds(1)).RunAsync(null!), "scenario");
    }

    [Test]
    public async Task Missing_arguments_of_the_api_are_named()
    {
        var connect = () => ImServerApi.ConnectAsync(new Uri("ws://127.0.0.1:1/pinter/imserver"), " ", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        (await connect.Should().ThrowAsync<ArgumentException>()).WithParameterName("userId");
    }

    private static void Named(Action act, string parameter) =>
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter);
}
