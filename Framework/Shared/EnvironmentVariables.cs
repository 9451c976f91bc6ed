namespace ImServerTests.Shared;

/// <summary>
/// Every environment variable the project reads, by name (a spec holds the repository's code to this list). A variable
/// overrides websocket.yml (variable > file > default). Those that choose the server and its settings are read in one
/// place, TestKit's ServerUnderTest.
/// </summary>
public static class EnvironmentVariables
{
    /// <summary>Path of the YAML file to read instead of the suite's websocket.yml (<see cref="SuiteFiles"/>); relative to the working directory.</summary>
    public const string ConfigFile = "IMSERVER_CONFIG";

    /// <summary>Name of the environment in websocket.yml to use.</summary>
    public const string Environment = "IMSERVER_ENV";

    /// <summary>Base URL of a server (ws:// or wss://); the embedded server is then not started.</summary>
    public const string Url = "IMSERVER_URL";

    public const string ConnectTimeout = "IMSERVER_CONNECT_TIMEOUT";
    public const string ReceiveTimeout = "IMSERVER_RECEIVE_TIMEOUT";
    public const string QuietTimeout = "IMSERVER_QUIET_TIMEOUT";

    /// <summary>Path of another AsyncAPI 3 contract to check frames against (a team's own server); relative to the repository root, else the working directory.</summary>
    public const string Contract = "IMSERVER_CONTRACT";

    /// <summary>A folder of scenario files to run instead of TestCases/Scenarios (relative to the repository root, else the working directory).</summary>
    public const string Scenarios = "IMSERVER_SCENARIOS";

    /// <summary>A folder where every test writes its connections as a HAR file.</summary>
    public const string HarDirectory = "IMSERVER_HAR_DIR";

    /// <summary>A fault of the embedded server a run starts (the regression, Load): the fault proof sets it, normal runs do not.</summary>
    public const string EmbeddedFault = "IMSERVER_EMBEDDED_FAULT";

    /// <summary>The embedded teacher's think time, MIN-MAX ms, or 0.</summary>
    public const string EmbeddedReplyDelay = "IMSERVER_EMBEDDED_REPLY_DELAY";

    /// <summary>Seconds a fuzz run searches for a failure, overriding websocket.yml's fuzz.seconds.</summary>
    public const string FuzzSeconds = "IMSERVER_FUZZ_SECONDS";

    /// <summary>Seconds a fuzz run goes on shrinking a failure it found, overriding websocket.yml's fuzz.shrinkSeconds.</summary>
    public const string FuzzShrinkSeconds = "IMSERVER_FUZZ_SHRINK_SECONDS";

    /// <summary>A fuzz case's seed, as a failure prints it: the Fuzz category replays that case (and shrinks it further) instead of searching.</summary>
    public const string FuzzSeed = "IMSERVER_FUZZ_SEED";

    /// <summary>A folder where the Fuzz category writes the scenario of a failure it found (relative to the repository root, else the working directory).</summary>
    public const string FuzzScenarios = "IMSERVER_FUZZ_SCENARIOS";

    /// <summary>Weights of the scenarios as Locust user classes, name=weight,... (Tools/Load/locustfile.py).</summary>
    public const string ScenarioWeights = "IMSERVER_SCENARIO_WEIGHTS";

    /// <summary>A folder the specs write their golden files to, anew, instead of comparing with them (the Locust messages, scenario.schema.json).</summary>
    public const string UpdateGolden = "IMSERVER_UPDATE_GOLDEN";

    /// <summary>The Chromium executable the browser tests drive; else chromium on PATH.</summary>
    public const string Chromium = "IMSERVER_CHROMIUM";

    /// <summary>The seed of the embedded server's abuse test, to repeat a run.</summary>
    public const string AbuseSeed = "IMSERVER_ABUSE_SEED";

    /// <summary>Where Allure results are written instead of allure-results/ at the repository root.</summary>
    public const string AllureResultsDirectory = AllureResultsFolder.Variable;

    /// <summary>"true" keeps the results of earlier runs beside the new ones.</summary>
    public const string AllureKeepResults = AllureResultsFolder.KeepVariable;

    /// <summary>Variables that CI systems set, read to say in the report who ran the tests.</summary>
    public static class Ci
    {
        public const string Any = "CI";
        public const string BuildNumber = "BUILD_NUMBER";
        public const string GitHubActions = "GITHUB_ACTIONS";
        public const string GitHubServerUrl = "GITHUB_SERVER_URL";
        public const string GitHubRepository = "GITHUB_REPOSITORY";
        public const string GitHubRunId = "GITHUB_RUN_ID";
        public const string GitHubWorkflow = "GITHUB_WORKFLOW";
        public const string GitHubRunNumber = "GITHUB_RUN_NUMBER";
        public const string GitLabCi = "GITLAB_CI";
        public const string GitLabProjectName = "CI_PROJECT_NAME";
        public const string GitLabJobId = "CI_JOB_ID";
        public const string GitLabJobUrl = "CI_JOB_URL";
        public const string JenkinsUrl = "JENKINS_URL";
        public const string JenkinsBuildTag = "BUILD_TAG";
        public const string JenkinsBuildUrl = "BUILD_URL";
    }
}
