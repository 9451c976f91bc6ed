using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImServerTests.Conformance;
using ImServerTests.Yaml;
using Json.Schema;

namespace ImServerTests.Benchmarks;

internal sealed record ContractCheckRow(string Check, bool Session, double Contract, double ByReference);

/// <summary>
/// The cost of one contract check as the steps make it, on the shipped messages' examples: a scenario step's
/// (any message a client can receive, the frame's own type first, the first found) and an Api step's (every reply of
/// its operation). Beside each, the same check with JsonSchema.Net evaluating each payload by reference into the
/// registered document, following every $ref as it goes: the contract's reading before its payloads were written out.
/// Interleaved, so that machine noise hits both alike; medians of the rounds.
/// </summary>
internal static class ContractChecks
{
    private const int Checks = 20_000;
    private const int Rounds = 5;

    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    public static List<ContractCheckRow> Run(Contract contract)
    {
        var byReference = ByReference(contract);
        string Example(string message) => contract.Message(message).Examples[0];
        (string Name, bool Session, string Frame, IReadOnlyList<string> Candidates, bool FirstOnly)[] checks =
        [
            ("scenario step: match reply", true, Example("matchReply"), contract.Received, true),
            ("scenario step: receipt", true, Example("receipt"), contract.Received, true),
            ("scenario step: teacher's push", true, Example("teacherPush"), contract.Received, true),
            ("Api step: match reply (the replies of sendMatch)", false, Example("matchReply"), contract.ExpectedFrom("sendMatch"), false),
            ("Api step: receipt (the replies of sendNormal)", false, Example("receipt"), contract.ExpectedFrom("sendNormal"), false),
        ];
        Func<string, IReadOnlyList<string>, bool, int>[] ways =
        [
            (frame, candidates, firstOnly) => contract.Conforming(frame, candidates, firstOnly).Count,
            (frame, candidates, firstOnly) => Conforming(contract, byReference, frame, candidates, firstOnly),
        ];

        double Time(int way, int check)
        {
            var (_, _, frame, candidates, firstOnly) = checks[check];
            var clock = Stopwatch.StartNew();
            var found = 0;
            for (var i = 0; i < Checks; i++)
            {
                found += ways[way](frame, candidates, firstOnly);
            }

            return found >= 0 ? clock.Elapsed.TotalMicroseconds / Checks : double.NaN;
        }

        var times = checks.Select(_ => ways.Select(_ => new List<double>()).ToArray()).ToArray();
        for (var round = 0; round <= Rounds; round++)
        {
            for (var check = 0; check < checks.Length; check++)
            {
                for (var i = 0; i < ways.Length; i++)
                {
                    var way = (i + round) % ways.Length;
                    var time = Time(way, check);
                    if (round > 0)
                    {
                        times[check][way].Add(time); // round 0 warms up
                    }
                }
            }
        }

        return [.. checks.Select((c, i) => new ContractCheckRow(c.Name, c.Session, Stats.Median(times[i][0]), Stats.Median(times[i][1])))];
    }

    // The same messages tried in the same order as Contract.Conforming, each evaluated by reference.
    private static int Conforming(Contract contract, Dictionary<string, JsonSchema> byReference, string frame, IReadOnlyList<string> candidates, bool firstOnly)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        if (!firstOnly)
        {
            return candidates.Count(name => byReference[name].Evaluate(root, Quick).IsValid);
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        foreach (var otherTypesToo in new[] { false, true })
        {
            foreach (var name in candidates)
            {
                var otherType = contract.Message(name).Type is { } fixedType && fixedType != type;
                if (otherType == otherTypesToo && byReference[name].Evaluate(root, Quick).IsValid)
                {
                    return 1;
                }
            }
        }

        return 0;
    }

    private static Dictionary<string, JsonSchema> ByReference(Contract contract)
    {
        var document = YamlJson.Load(contract.Source).Root!.AsObject();
        var uri = new Uri("https://benchmarks.local/contract.json");
        var registry = new SchemaRegistry();
        registry.Register(uri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(document), uri));
        var build = new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = registry };
        return contract.Messages.Keys.ToDictionary(
            name => name,
            name => JsonSchema.Build(
                JsonSerializer.SerializeToElement(new JsonObject { ["$ref"] = $"{uri}#{YamlJson.Pointer("/components/messages", name)}/payload" }),
                build,
                new Uri($"https://benchmarks.local/messages/{Uri.EscapeDataString(name)}")));
    }
}
