using ImServerTests.TestKit.Scenarios.Har;

namespace ImServerTests.Specs.TestKit;

/// <summary>The HAR a run writes, whole: the shape Chrome DevTools' Network panel imports (one entry per connection, its frames, times in seconds).</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("HAR import and export")]
public sealed class HarWriterSpecs
{
    [Test]
    public void A_connection_is_one_websocket_entry_in_DevTools_shape()
    {
        var started = new DateTimeOffset(2022, 10, 13, 3, 6, 14, 0, TimeSpan.Zero);
        var connection = new RecordedConnection(new Uri("ws://host:9088/pinter/imserver/admin"), started,
        [
            new RecordedMessage(RecordedDirection.Send, started.AddMilliseconds(410), "{\"type\":\"match\"}"),
            new RecordedMessage(RecordedDirection.Receive, started.AddMilliseconds(482), "你好"),
        ]);

        var har = HarWriter.Write([connection]);

        har.ReplaceLineEndings("\n").Should().Be("""
            {
              "log": {
                "version": "1.2",
                "creator": {
                  "name": "ImServerTests",
                  "version": "1.0"
                },
                "pages": [],
                "entries": [
                  {
                    "startedDateTime": "2022-10-13T03:06:14.000Z",
                    "time": 482,
                    "request": {
                      "method": "GET",
                      "url": "ws://host:9088/pinter/imserver/admin",
                      "httpVersion": "HTTP/1.1",
                      "headers": [
                        {
                          "name": "Upgrade",
                          "value": "websocket"
                        },
                        {
                          "name": "Connection",
                          "value": "Upgrade"
                        }
                      ],
                      "queryString": [],
                      "cookies": [],
                      "headersSize": -1,
                      "bodySize": 0
                    },
                    "response": {
                      "status": 101,
                      "statusText": "Switching Protocols",
                      "httpVersion": "HTTP/1.1",
                      "headers": [
                        {
                          "name": "Upgrade",
                          "value": "websocket"
                        },
                        {
                          "name": "Connection",
                          "value": "Upgrade"
                        }
                      ],
                      "cookies": [],
                      "content": {
                        "size": 0,
                        "mimeType": "x-unknown"
                      },
                      "redirectURL": "",
                      "headersSize": -1,
                      "bodySize": 0
                    },
                    "cache": {},
                    "timings": {
                      "blocked": -1,
                      "dns": -1,
                      "ssl": -1,
                      "connect": -1,
                      "send": 0,
                      "wait": 0,
                      "receive": 0
                    },
                    "_resourceType": "websocket",
                    "_webSocketMessages": [
                      {
                        "type": "send",
                        "time": 1665630374.41,
                        "opcode": 1,
                        "data": "{\"type\":\"match\"}"
                      },
                      {
                        "type": "receive",
                        "time": 1665630374.482,
                        "opcode": 1,
                        "data": "你好"
                      }
                    ]
                  }
                ]
              }
            }
            """);
    }

    [Test]
    public void A_connection_without_frames_takes_no_time_and_the_creator_can_be_named()
    {
        var har = HarWriter.Write([new RecordedConnection(new Uri("ws://h/p/a"), DateTimeOffset.UnixEpoch, [])], creator: "Other");

        har.Should().Contain("\"name\": \"Other\"").And.Contain("\"time\": 0,").And.Contain("\"_webSocketMessages\": []");
    }
}
