using Json.Schema;

namespace ImServerTests.Conformance;

/// <summary>One message of the contract: its name (the key under components.messages), its title, its payload's schema and the example payloads (JSON).</summary>
public sealed record ContractMessage(string Name, string Title, JsonSchema Payload, IReadOnlyList<string> Examples);

/// <summary>One operation of the contract: the messages it carries and, for a request, the messages of its reply.</summary>
public sealed record ContractOperation(string Name, string Action, IReadOnlyList<string> Messages, IReadOnlyList<string> Replies);
