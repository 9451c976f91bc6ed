using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>
/// The editor schema of scenario files (TestCases/Scenarios/scenario.schema.json), made here: the document's fixed
/// parts below, and each field's rule from the matcher table (<see cref="Matchers.RuleSchema"/>). A spec holds the file
/// to this text; IMSERVER_UPDATE_GOLDEN writes it anew (docs/scenarios.md).
/// </summary>
public static class ScenarioSchema
{
    public const string FileName = "scenario.schema.json";

    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema as its file holds it: two-space indents, \n line ends, a newline at the end.</summary>
    public static string Text() => Document().ToJsonString(Written).ReplaceLineEndings("\n") + "\n";

    public static JsonObject Document()
    {
        var document = JsonNode.Parse(Skeleton)!.AsObject();
        document["definitions"]!["rule"] = Matchers.RuleSchema();
        return document;
    }

    private const string Skeleton = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "$id": "https://imservertests.example/scenario.schema.json",
          "title": "ImServerTests scenario",
          "description": "A conversation with the IM server, replayed as one case of the ImServer regression. Reference it from a scenario file with: # yaml-language-server: $schema=scenario.schema.json",
          "type": "object",
          "additionalProperties": false,
          "required": [
            "name",
            "participants",
            "steps"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "description": "The case's title in the test run and the report."
            },
            "description": {
              "type": "string"
            },
            "participants": {
              "type": "object",
              "description": "Named connections. Without an id, a participant connects as a fresh user id each run; ${name} is its id.",
              "minProperties": 1,
              "propertyNames": {
                "pattern": "^[A-Za-z][A-Za-z0-9_]*$"
              },
              "additionalProperties": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "id": {
                    "type": "string",
                    "description": "A fixed id, or one built from variables, e.g. \"${teacherId}\" to take the teacher's seat."
                  }
                }
              }
            },
            "steps": {
              "type": "array",
              "items": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": false,
                "properties": {
                  "send": {
                    "$ref": "#/definitions/send"
                  },
                  "expect": {
                    "$ref": "#/definitions/expect"
                  },
                  "expectNothing": {
                    "$ref": "#/definitions/expectNothing"
                  }
                }
              }
            }
          },
          "definitions": {
            "participant": {
              "type": "string",
              "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
              "description": "The participant doing the step."
            },
            "timeout": {
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 600,
              "description": "Seconds; overrides the environment's receive timeout (expect) or quiet window (expectNothing)."
            },
            "send": {
              "type": "object",
              "description": "Sends a JSON object (texts may hold ${variables}) or raw text.",
              "additionalProperties": false,
              "required": [
                "by"
              ],
              "oneOf": [
                {
                  "required": [
                    "frame"
                  ]
                },
                {
                  "required": [
                    "text"
                  ]
                }
              ],
              "properties": {
                "by": {
                  "$ref": "#/definitions/participant"
                },
                "frame": {
                  "type": "object"
                },
                "text": {
                  "type": "string"
                }
              }
            },
            "expect": {
              "type": "object",
              "description": "Expects one frame. Expectations between two sends match in any order.",
              "additionalProperties": false,
              "required": [
                "by",
                "frame"
              ],
              "properties": {
                "by": {
                  "$ref": "#/definitions/participant"
                },
                "timeout": {
                  "$ref": "#/definitions/timeout"
                },
                "within": {
                  "type": "string",
                  "pattern": "^[0-9]+(\\.[0-9]+)?(ms|s)$",
                  "description": "This step's latency budget, e.g. 500ms or 1.5s, instead of the environment's: the frame must arrive that soon after the send that caused it, else the step fails as late (it is still awaited until the timeout)."
                },
                "frame": {
                  "type": "object",
                  "description": "One rule per field; fields not named may be anything.",
                  "additionalProperties": {
                    "$ref": "#/definitions/rule"
                  }
                }
              }
            },
            "expectNothing": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "by"
              ],
              "properties": {
                "by": {
                  "$ref": "#/definitions/participant"
                },
                "timeout": {
                  "$ref": "#/definitions/timeout"
                }
              }
            }
          }
        }
        """;
}
