namespace ImServerTests.Server.Faults;

/// <summary>What a request does to a faulty server before it is answered: nothing, or a crash of a kind a real server shows.</summary>
public enum InputCrash
{
    /// <summary>The request is handled as the protocol says.</summary>
    None,

    /// <summary>The handler's exception ends the connection that sent it (closed with 1011), and nothing is answered.</summary>
    EndsConnection,

    /// <summary>The failure takes the whole server down: every user's connection closes and no new one is taken.</summary>
    StopsServer,
}
