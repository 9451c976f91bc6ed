using ImServerTests.Api.Timing;
using ImServerTests.Client;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Many users at once, on purpose rather than by the chance of parallel cases colliding: the protocol document's "each
/// customer's connection gets its own teacher, also when many connect at the same moment", and conversations held at
/// the same time that never cross. The conversations are between a customer and a person in its teacher's seat, whose
/// messages the server passes on in the order sent; the bot teacher thinks separately for each message, so its
/// replies need not keep order and are not used here. A case here makes load: its frames' latencies are recorded, not
/// held to the environment's budgets, which are sized for one conversation at a time (as in a load run), while every
/// frame's fields, contract and timestamp are checked as anywhere else.
/// </summary>
[AllureFeature("Many users at once")]
public sealed class ManyUsersTests : ImServerFixture
{
    private const int Users = 50;
    private const int MessagesEachWay = 3;
    private const int AtATime = 5;

    [Test]
    [AllureStory("Matching")]
    [AllureSeverity(SeverityLevel.critical)]
    [Description("The protocol: each customer's connection gets its own teacher, also when many connect at the same moment. Fifty connect at once.")]
    public async Task Fifty_customers_connecting_at_the_same_moment_each_get_a_teacher_of_their_own()
    {
        var customers = Enumerable.Range(0, Users).Select(_ => NewCustomerId()).ToList();

        var connections = await Task.WhenAll(customers.Select(customer => ConnectAsync(customer, UnderLoad())));
        var matches = await Task.WhenAll(connections.Select(im => im.MatchAsync()));

        var shared = customers.Zip(matches, (customer, match) => (Customer: customer, Teacher: match.Msg))
            .GroupBy(pair => pair.Teacher)
            .Where(group => group.Count() > 1)
            .Select(group => $"teacher {group.Key} is the teacher of {group.Count()} customers: {string.Join(", ", group.Select(pair => pair.Customer))}");
        using (new AssertionScope())
        {
            for (var i = 0; i < Users; i++)
            {
                matches[i].Should().BeMatchReply(customers[i], FieldMatcher.TeacherId, "customer {0} of {1} connecting at the same moment", i + 1, Users);
            }

            shared.Should().BeEmpty("each of {0} customers connecting at the same moment gets a teacher of its own", Users);
        }
    }

    [Test]
    [AllureStory("Conversations at once")]
    [AllureSeverity(SeverityLevel.critical)]
    [Description("Fifty conversations open at once, each between a customer and a person in its teacher's seat, five senders at any moment, three messages each way sent back to back: "
        + "each receiver hears exactly its own partner's messages, intact and in the order sent (their receipts are DeliveryTests' to check).")]
    public async Task Fifty_conversations_held_at_once_never_cross_and_each_message_arrives_intact_and_in_order()
    {
        // Every conversation is open before any talks, and all stay open to the end. Five at a time open, and five senders
        // send at any moment, so that the load does not make the answers of the cases running beside this one late on two
        // cores: five senders' messages interleave on the server at any moment, as the parallel cases' do.
        using var gate = new SemaphoreSlim(AtATime);
        var conversations = await Task.WhenAll(Enumerable.Range(1, Users).Select(number => FewAtATimeAsync(gate, () => OpenConversationAsync(number))));
        var talks = await Task.WhenAll(conversations.SelectMany(c => new[] { TalkAsync(gate, c.Number, c.Customer, c.Seat), TalkAsync(gate, c.Number, c.Seat, c.Customer) }));

        using (new AssertionScope())
        {
            foreach (var talk in talks)
            {
                talk.Heard.Select(f => f.Msg).Should().Equal(talk.Sent.Select(m => m.Msg),
                    "conversation {0} of {1}: {2} hears exactly what {3} sent it, in the order sent, and nothing of another conversation",
                    talk.Number, Users, talk.Receiver, talk.Sender);
                for (var n = 0; n < Math.Min(talk.Sent.Count, talk.Heard.Count); n++)
                {
                    talk.Heard[n].Should().BeRelayOf(talk.Sent[n], "conversation {0}: the {1}. message {2} hears is the {1}. its partner sent", talk.Number, n + 1, talk.Receiver);
                }
            }
        }
    }

    private static async Task<T> FewAtATimeAsync<T>(SemaphoreSlim gate, Func<Task<T>> work)
    {
        await gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    // Under load, as in a load run, a frame's latency is recorded but not judged by the environment's budgets, which are
    // sized for one conversation at a time; its timestamp still must lie between its send and its arrival.
    private static SendClock UnderLoad() => new(budgets: null, ServerUnderTest.NewClock().ClockTolerance);

    // A customer and a person in its teacher's seat, on a clock of their own, so each conversation's latencies count from its own sends.
    private async Task<(int Number, ImServerApi Customer, ImServerApi Seat)> OpenConversationAsync(int number)
    {
        var clock = UnderLoad();
        var customer = await ConnectAsync(NewCustomerId(), clock);
        var match = await customer.MatchAsync();
        match.Should().BeMatchReply(customer.UserId, FieldMatcher.TeacherId, "conversation {0} needs the customer's teacher", number);
        var seat = await ConnectAsync(match.Msg!, clock);
        (await seat.MatchAsync()).Should().BeMatchReply(match.Msg!, FieldMatcher.Is(customer.UserId), "conversation {0}: the seat's match names its customer", number);
        return (number, customer, seat);
    }

    // The sender's messages back to back, then what its partner hears: the talks wait for their messages side by side,
    // so messages that never come cost one receive timeout, not one per conversation.
    private static async Task<Talk> TalkAsync(SemaphoreSlim gate, int number, ImServerApi sender, ImServerApi receiver)
    {
        var sent = Enumerable.Range(1, MessagesEachWay).Select(n => Numbered(number, n, sender.UserId, receiver.UserId)).ToList();
        await FewAtATimeAsync(gate, async () =>
        {
            foreach (var message in sent)
            {
                await sender.SendRequestAsync(message);
            }

            return sent.Count;
        });

        var heard = new List<ImFrame>();
        try
        {
            for (var n = 1; n <= sent.Count; n++)
            {
                heard.Add(await receiver.ReceiveChatAsync($"message {n} of {MessagesEachWay} in conversation {number} from {sender.UserId}"));
            }
        }
        catch (FrameTimeoutException)
        {
            // a message that never came: the assertion shows what was heard instead
        }

        return new Talk(number, sender.UserId, receiver.UserId, sent, heard);
    }

    // A text no other conversation sends, so a message that crosses shows whose it was.
    private static ImRequest Numbered(int conversation, int n, string sender, string receiver) =>
        ImRequest.NormalMessage(sender, receiver, $"第{n}条 message {n} of {MessagesEachWay} in conversation {conversation} from {sender} 😀") with
        {
            MsgId = $"many-{conversation}-{n}",
        };

    private sealed record Talk(int Number, string Sender, string Receiver, List<ImRequest> Sent, List<ImFrame> Heard);
}
