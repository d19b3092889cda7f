using System.Text.Json;
using Loom.Errors;

namespace Loom.Runs.History;

/// <summary>Turns run events into the (type, JSON) pairs the event store keeps, and back.</summary>
public static class RunEventCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stored type name and UTF-8 JSON of an event.</summary>
    public static (string Type, byte[] Data) Encode(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var type = runEvent.GetType();
        return (type.Name, JsonSerializer.SerializeToUtf8Bytes(runEvent, type, Json));
    }

    /// <summary>The event stored as <paramref name="type"/> with <paramref name="data"/>.</summary>
    /// <exception cref="InvalidRunHistory">The type is unknown or the data does not read as it.</exception>
    public static RunEvent Decode(string runId, string type, ReadOnlySpan<byte> data)
    {
        var target = type switch
        {
            nameof(RunStarted) => typeof(RunStarted),
            nameof(StateEntered) => typeof(StateEntered),
            nameof(StateCompleted) => typeof(StateCompleted),
            nameof(StateFailed) => typeof(StateFailed),
            nameof(StateInterrupted) => typeof(StateInterrupted),
            nameof(RunCompleted) => typeof(RunCompleted),
            nameof(DomainEventRecorded) => typeof(DomainEventRecorded),
            nameof(RunHalted) => typeof(RunHalted),
            _ => throw new InvalidRunHistory(InvalidRunHistory.UnknownEvent, runId, $"the history holds an event of unknown type '{type}'"),
        };
        try
        {
            return (RunEvent?)JsonSerializer.Deserialize(data, target, Json) ?? throw new JsonException("null event");
        }
        catch (JsonException error)
        {
            throw new InvalidRunHistory(InvalidRunHistory.UnknownEvent, runId, $"a {type} event does not read: {error.Message}");
        }
    }
}
