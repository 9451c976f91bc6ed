using ImServerTests.Recorder;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Har;

namespace ImServerTests.Specs.TestKit;

/// <summary>HAR files: DevTools' and Playwright's shapes in, bad files refused in one line, and export then import giving the same conversation.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("HAR import and export")]
public sealed class HarSpecs
{
    private const string Teacher = "cf2137234f3943e3898df8fcd14f099a__mtx";

    // As Chrome DevTools exports it: times in seconds.
    private static readonly string DevTools = $$"""
        { "log": { "version": "1.2", "entries": [
          { "_resourceType": "xhr", "request": { "url": "http://host/pinter/" } },
          { "_resourceType": "websocket", "startedDateTime": "2022-10-13T03:06:14.000Z",
            "request": { "url": "ws://host:9088/pinter/imserver/admin" },
            "_webSocketMessages": [
              { "type": "send", "time": 1665630374.41, "opcode": 1, "data": "{\"type\":\"match\",\"from\":\"admin\",\"to\":\"system\"}" },
              { "type": "receive", "time": 1665630374.482, "opcode": 1, "data": "{\"code\":\"0\",\"from\":\"system\",\"msg\":\"{{Teacher}}\",\"msgId\":\"4c7ff9b3-ce6b-4891-8c14-41e0f45e0bd0\",\"timestamp\":\"1665630374482\",\"to\":\"admin\",\"type\":\"match\"}" },
              { "type": "send", "time": 1665631227.6, "opcode": 1, "data": "{\"type\":\"normal\",\"from\":\"admin\",\"to\":\"{{Teacher}}\",\"msg\":\"你好\"}" },
              { "type": "receive", "time": 1665631227.681, "opcode": 1, "data": "{\"code\":\"0\",\"from\":\"system\",\"msg\":\"push success\",\"msgId\":\"130f4370-6b2b-4634-b3f1-59a9728eb8f1\",\"timestamp\":\"1665631227681\",\"to\":\"admin\",\"type\":\"receipt\"}" },
              { "type": "receive", "time": 1665631228.807, "opcode": 1, "data": "{\"code\":\"0\",\"from\":\"{{Teacher}}\",\"msg\":\"同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?\",\"msgId\":\"8486956c-e804-42b9-bb9b-d1574f1ca23f\",\"timestamp\":\"1665631228807\",\"to\":\"admin\",\"type\":\"normal\"}" },
              { "type": "receive", "time": 1665631229.0, "opcode": 2, "data": "AAEC" }
            ] },
          { "_resourceType": "websocket", "request": { "url": "wss://other.example/socket" }, "_webSocketMessages": [] }
        ] } }
        """;

    [Test]
    public void A_devtools_recording_becomes_a_scenario_with_fresh_ids_a_captured_teacher_and_matchers()
    {
        var recording = HarReader.Parse(DevTools, "devtools.har");
        var (scenario, warnings) = ScenarioImporter.Import(recording, "seed", "devtools.har");

        warnings.Should().HaveCount(2).And.Contain(w => w.Contains("binary", StringComparison.Ordinal)).And.Contain(w => w.Contains("other.example", StringComparison.Ordinal));
        scenario.Participants.Should().Equal(new Participant("customer", null));
        var yaml = ScenarioWriter.Write(scenario);
        yaml.Should().ContainAll(
            "from: \"${customer}\"", "capture: teacherId", "to: \"${teacherId}\"", "from: \"${teacherId}\"",
            "msgId: { match: uuid }", "timestamp: { match: epochMillis }", "msg: \"push success\"", "# recorded: " + Teacher)
            .And.NotContain("admin", "recorded user ids become fresh participants");
        ScenarioReader.Parse(yaml, "imported.yml").Steps.Should().HaveCount(5);
    }

    [Test]
    public void An_imported_recording_reads_as_written_here()
    {
        var odd = DevTools.Replace(
            "{ \"type\": \"receive\", \"time\": 1665631229.0, \"opcode\": 2, \"data\": \"AAEC\" }",
            "{ \"type\": \"receive\", \"time\": 1665631229.0, \"opcode\": 1, \"data\": \"hello\" }, { \"type\": \"receive\", \"time\": 1665631229.5, \"opcode\": 8, \"data\": \"\" }",
            StringComparison.Ordinal);
        var (scenario, warnings) = ScenarioImporter.Import(HarReader.Parse(odd, "devtools.har"), "seed", "devtools.har");

        warnings.Should().Equal(
            "skipped an opcode 8 frame (receive) of ws://host:9088/pinter/imserver/admin at 2022-10-13T03:20:29.5000000+00:00: only text frames become steps",
            "skipped entry 2 (wss://other.example/socket): not a pinter IM server URL (…/pinter/imserver/{userId})",
            "skipped a frame customer received that is not a JSON object (hello): a scenario expects JSON objects");
        ScenarioWriter.Write(scenario).ReplaceLineEndings("\n").Should().Be("""
            # yaml-language-server: $schema=scenario.schema.json
            name: "seed"
            description: "Imported from devtools.har."
            participants:
              customer: {}
            steps:
              - send:
                  by: customer
                  frame: { type: "match", from: "${customer}", to: "system" }
              - expect:
                  by: customer
                  frame:
                    code: "0"
                    type: "match"
                    from: "system"
                    to: "${customer}"
                    msg: { regex: "^[0-9a-f]{32}__mtx$", capture: teacherId }  # recorded: cf2137234f3943e3898df8fcd14f099a__mtx
                    msgId: { match: uuid }
                    timestamp: { match: epochMillis }
              - send:
                  by: customer
                  frame: { type: "normal", from: "${customer}", to: "${teacherId}", msg: "你好" }
              - expect:
                  by: customer
                  frame:
                    code: "0"
                    type: "receipt"
                    from: "system"
                    to: "${customer}"
                    msg: "push success"
                    msgId: { match: uuid }
                    timestamp: { match: epochMillis }
              - expect:
                  by: customer
                  frame:
                    code: "0"
                    type: "normal"
                    from: "${teacherId}"
                    to: "${customer}"
                    msg: "同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?"
                    msgId: { match: uuid }
                    timestamp: { match: epochMillis }

            """);
    }

    [Test]
    public void A_playwright_recording_in_milliseconds_reads_at_the_same_times()
    {
        var playwright = DevTools.Replace("1665630374.41,", "1665630374410.5,", StringComparison.Ordinal);

        var seconds = HarReader.Parse(DevTools, "a.har").Connections[0].Messages[0].Time;
        var milliseconds = HarReader.Parse(playwright, "b.har").Connections[0].Messages[0].Time;

        milliseconds.Should().BeCloseTo(seconds, TimeSpan.FromMilliseconds(2));
    }

    [TestCase("not json", "x.har: not a HAR file: not JSON")]
    [TestCase("{\"log\":{}}", "x.har: not a HAR file: expected an object with log.entries")]
    [TestCase("{\"log\":{\"entries\":[{\"_resourceType\":\"xhr\"}]}}", "x.har: no WebSocket entry")]
    [TestCase("{\"log\":{\"entries\":[{\"_resourceType\":\"websocket\",\"request\":{\"url\":\"ws://h/pinter/imserver/a\"}}]}}", "x.har: entry 0 (ws://h/pinter/imserver/a) has no _webSocketMessages")]
    public void A_har_that_cannot_be_used_is_one_line_naming_the_file_and_what_was_expected(string json, string message)
    {
        var read = () => HarReader.Parse(json, "x.har");

        read.Should().Throw<ScenarioException>().Which.Message.Should().StartWith(message).And.NotContain("\n");
    }

    [Test]
    public void An_exported_har_imports_back_as_the_same_conversation()
    {
        var original = HarReader.Parse(DevTools, "devtools.har");

        var exported = HarWriter.Write(original.Connections);
        var again = HarReader.Parse(exported, "exported.har");

        again.Connections.Should().BeEquivalentTo(original.Connections);
        ScenarioWriter.Write(ScenarioImporter.Import(again, "seed", "devtools.har").Scenario)
            .Should().Be(ScenarioWriter.Write(ScenarioImporter.Import(original, "seed", "devtools.har").Scenario));
    }

    [Test]
    public async Task The_recorder_writes_nothing_for_a_har_it_cannot_use()
    {
        var folder = Directory.CreateTempSubdirectory("recorder-");
        try
        {
            var har = Path.Combine(folder.FullName, "empty.har");
            await File.WriteAllTextAsync(har, "{\"log\":{\"entries\":[]}}");
            var output = Path.Combine(folder.FullName, "out.yml");
            using var errors = new StringWriter();

            var code = await RecorderCommand.RunAsync(["import", har, "-o", output], TextWriter.Null, errors);

            code.Should().Be(1);
            errors.ToString().Should().Contain("no WebSocket entry");
            File.Exists(output).Should().BeFalse();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_recorder_leaves_an_existing_file_alone_unless_forced()
    {
        var folder = Directory.CreateTempSubdirectory("recorder-");
        try
        {
            var har = Path.Combine(folder.FullName, "devtools.har");
            await File.WriteAllTextAsync(har, DevTools);
            var output = Path.Combine(folder.FullName, "mine.yml");
            await File.WriteAllTextAsync(output, "# my own scenario");
            using var errors = new StringWriter();

            var refused = await RecorderCommand.RunAsync(["import", har, "-o", output], TextWriter.Null, errors);

            refused.Should().Be(1);
            errors.ToString().Should().Contain($"error: {output} exists and was left as it is; give --force to replace it");
            (await File.ReadAllTextAsync(output)).Should().Be("# my own scenario");

            (await RecorderCommand.RunAsync(["import", har, "-o", output, "--force"], TextWriter.Null, TextWriter.Null)).Should().Be(0);
            (await File.ReadAllTextAsync(output)).Should().Contain("participants:", "--force replaces the file, as asked");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_har_folder_replaces_its_own_files_and_refuses_to_overwrite_anyone_elses()
    {
        var folder = Directory.CreateTempSubdirectory("har-folder-");
        try
        {
            var ours = Path.Combine(folder.FullName, "Match_assigns_a_teacher.har");
            var theirs = Path.Combine(folder.FullName, "capture.har");
            await File.WriteAllTextAsync(ours, HarWriter.Write([]));
            await File.WriteAllTextAsync(theirs, DevTools);
            var fresh = HarWriter.Write(HarReader.Parse(DevTools, "devtools.har").Connections);

            await HarFolder.WriteAsync(ours, fresh);
            var refusal = async () => await HarFolder.WriteAsync(theirs, fresh);

            (await File.ReadAllTextAsync(ours)).Should().Be(fresh, "a HAR an earlier run wrote is replaced");
            (await refusal.Should().ThrowAsync<IOException>()).WithMessage($"{theirs} exists and was not written by ImServerTests, so it is left as it is*IMSERVER_HAR_DIR*");
            (await File.ReadAllTextAsync(theirs)).Should().Be(DevTools, "a file this project did not write is never overwritten");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase(new string[0], 2, "error: name a command. Usage: ")]
    [TestCase(new[] { "export" }, 2, "error: Unrecognized command or argument 'export'. Usage: ")]
    [TestCase(new[] { "import", "a.har" }, 2, "error: Option '--output' is required. Usage: ")]
    [TestCase(new[] { "import", "a.har", "-o" }, 2, "error: Required argument missing for option: '-o'. Usage: ")]
    [TestCase(new[] { "import", "a.har", "-o", "x.yml", "--bogus" }, 2, "error: Unrecognized command or argument '--bogus'. Usage: ")]
    [TestCase(new[] { "import", "--help" }, 0, "-o, --output <FILE> (REQUIRED)")]
    public async Task Bad_recorder_arguments_say_what_is_wrong(string[] args, int code, string message)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        (await RecorderCommand.RunAsync(args, output, errors)).Should().Be(code);
        (output.ToString() + errors).Should().Contain(message);
        errors.ToString().TrimEnd().Should().NotContain("\n", "a wrong command line is answered in one line");
    }
}
