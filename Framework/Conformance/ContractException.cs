namespace ImServerTests.Conformance;

/// <summary>The contract cannot be used: the message names the file, the place in it, and what is wrong.</summary>
public sealed class ContractException : Exception
{
    public ContractException(string message)
        : base(message)
    {
    }

    public ContractException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ContractException()
    {
    }
}
