using Json.Schema;

namespace ImServerTests.Conformance;

/// <summary>
/// One message of the contract: its name (the key under components.messages), its title, its payload's schema and
/// the example payloads (JSON). <see cref="Type"/> is the fixed type (the const of its payload's type field), when it has one: a frame of another
/// type cannot be this message, which lets a check try the likely messages first.
/// </summary>
public sealed record ContractMessage(string Name, string Title, JsonSchema Payload, IReadOnlyList<string> Examples, string? Type = null);

/// <summary>One operation of the contract: the messages it carries and, for a request, the messages of its reply.</summary>
public sealed record ContractOperation(string Name, string Action, IReadOnlyList<string> Messages, IReadOnlyList<string> Replies);
