namespace ImServerTests.Config;

/// <summary>The variables that override websocket.yml (variable > file > default).</summary>
public static class EnvironmentVariables
{
    /// <summary>Path of the YAML file to read instead of the websocket.yml beside the tests.</summary>
    public const string ConfigFile = "IMSERVER_CONFIG";

    /// <summary>Name of the environment in websocket.yml to use.</summary>
    public const string Environment = "IMSERVER_ENV";

    /// <summary>Base URL of a server (ws:// or wss://); the embedded server is then not started.</summary>
    public const string Url = "IMSERVER_URL";

    public const string ConnectTimeout = "IMSERVER_CONNECT_TIMEOUT";
    public const string ReceiveTimeout = "IMSERVER_RECEIVE_TIMEOUT";
    public const string QuietTimeout = "IMSERVER_QUIET_TIMEOUT";
}
