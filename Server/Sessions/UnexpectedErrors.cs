namespace ImServerTests.Server.Sessions;

/// <summary>Counts connections whose handler ended on an exception nobody expected.</summary>
public sealed class UnexpectedErrors
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Record() => Interlocked.Increment(ref _count);
}
