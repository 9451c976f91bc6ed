namespace ImServerTests.Shared;

/// <summary>A server a run started for itself (the embedded one): where it listens, and disposing stops it.</summary>
public interface IStartedServer : IAsyncDisposable
{
    /// <summary>ws://HOST:PORT/pinter/imserver; a user id is appended to connect.</summary>
    Uri BaseUrl { get; }
}
