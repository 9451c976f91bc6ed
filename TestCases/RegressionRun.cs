using ImServerTests.Config;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;

/// <summary>
/// Opens the <see cref="ServerUnderTest"/> once per run of the regression (the server websocket.yml and the
/// variables name, or the embedded server started here with IMSERVER_EMBEDDED_FAULT's fault), states it in the
/// report, and stops it at the end. A bad setting stops every case here with one message that says how to fix it.
/// Outside any namespace, NUnit runs it around every fixture of the assembly, whatever namespace a fixture is in.
/// </summary>
[SetUpFixture]
#pragma warning disable CA1050 // NUnit applies a set-up fixture to its own namespace only; in none, to the whole assembly.
public sealed class RegressionRun
#pragma warning restore CA1050
{
    private static ServerUnderTest? _server;

    public static ServerUnderTest Server => _server ?? throw new InvalidOperationException("The server under test is not set up: the run's set-up failed (see the first failure).");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        try
        {
            _server = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        }
        catch (ConfigurationException e)
        {
            ServerUnderTest.RecordNotLoaded(e);
            throw;
        }

        // server.url comes from the connections the cases open (ImServerFixture), so the report names the servers they used.
        _server.RecordRunFacts();
        await TestContext.Progress.WriteLineAsync("ImServer regression against " + _server.Description);
        if (_server.Warning is { } warning)
        {
            await TestContext.Progress.WriteLineAsync(warning);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
