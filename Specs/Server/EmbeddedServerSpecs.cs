using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.Server;

/// <summary>The embedded server a run starts: the fault, think time and message limit it is asked for, a value it cannot use refused with what is allowed.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Started for a run")]
public sealed class EmbeddedServerSpecs
{
    [Test]
    public void Asked_for_nothing_it_is_the_server_as_it_ships()
    {
        var options = EmbeddedServer.Options(fault: null, replyDelay: "", maxMessageChars: ImServerOptions.DefaultMaxMessageChars);

        options.Should().Be(new ImServerOptions());
        options.MaxMessageChars.Should().Be(8192, "the real server's Tomcat takes 8,192 characters");
    }

    [Test]
    public void It_takes_the_fault_the_think_time_and_the_limit_it_is_asked_for()
    {
        var options = EmbeddedServer.Options("msgid-not-uuid", "0", 100);

        options.Fault.Should().BeSameAs(FaultCatalogue.MsgIdNotUuid);
        options.ReplyDelay.Should().Be(ThinkTime.None);
        options.MaxMessageChars.Should().Be(100);
    }

    [Test]
    public void An_unknown_fault_is_refused_with_the_value_and_the_names_allowed()
    {
        var options = () => EmbeddedServer.Options("msgid-not-uuidd", null, 8192);

        var refusal = options.Should().Throw<ArgumentException>().Which;
        refusal.ParamName.Should().Be("fault");
        refusal.Message.Should().Be(
            "'msgid-not-uuidd', which names no fault of the embedded server; allowed: "
            + string.Join(", ", FaultCatalogue.All.Select(f => f.Name)) + " (unset it for the correct server). (Parameter 'fault')");
    }

    [Test]
    public void An_unreadable_think_time_is_refused_with_the_form_allowed()
    {
        var options = () => EmbeddedServer.Options(null, "3-1", 8192);

        var refusal = options.Should().Throw<ArgumentException>().Which;
        refusal.ParamName.Should().Be("replyDelay");
        refusal.Message.Should().Be(
            "'3-1': reply delay '3-1' is not MIN-MAX in milliseconds with MIN <= MAX (for example 1000-3000, or 0 for no delay). (Parameter 'replyDelay')");
    }

    [Test]
    public void A_limit_below_one_character_is_refused()
    {
        var options = () => EmbeddedServer.Options(null, null, 0);

        options.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("maxMessageChars");
    }
}
