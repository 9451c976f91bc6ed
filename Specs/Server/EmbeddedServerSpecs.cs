using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.Server;

/// <summary>The embedded server a run starts: its fault and think time from the run's variables, a value it cannot use refused with what is allowed.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Started from the run's variables")]
public sealed class EmbeddedServerSpecs
{
    [Test]
    public void Without_variables_it_is_the_server_as_it_ships()
    {
        var options = EmbeddedServer.OptionsFrom(_ => null);

        options.Fault.Should().Be(Fault.None);
        options.ReplyDelay.Should().Be(ThinkTime.Default);
    }

    [Test]
    public void The_variables_name_its_fault_and_its_think_time()
    {
        var options = EmbeddedServer.OptionsFrom(name => name switch
        {
            EmbeddedServer.FaultVariable => "msgid-not-uuid",
            EmbeddedServer.ReplyDelayVariable => "0",
            _ => null,
        });

        options.Fault.Should().BeSameAs(FaultCatalogue.MsgIdNotUuid);
        options.ReplyDelay.Should().Be(ThinkTime.None);
    }

    [Test]
    public void An_unknown_fault_is_refused_with_the_variable_the_value_and_the_names_allowed()
    {
        var options = () => EmbeddedServer.OptionsFrom(name => name == EmbeddedServer.FaultVariable ? "msgid-not-uuidd" : null);

        options.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "environment variable IMSERVER_EMBEDDED_FAULT is 'msgid-not-uuidd', which names no fault of the embedded server; allowed: "
            + string.Join(", ", FaultCatalogue.All.Select(f => f.Name)) + " (unset it for the correct server).");
    }

    [Test]
    public void An_unreadable_think_time_is_refused_with_the_variable_and_the_form_allowed()
    {
        var options = () => EmbeddedServer.OptionsFrom(name => name == EmbeddedServer.ReplyDelayVariable ? "3-1" : null);

        options.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "environment variable IMSERVER_EMBEDDED_REPLY_DELAY is '3-1': reply delay '3-1' is not MIN-MAX in milliseconds with MIN <= MAX (for example 1000-3000, or 0 for no delay).");
    }
}
