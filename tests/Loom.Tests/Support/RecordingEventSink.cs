using System.Collections.Concurrent;
using Loom.Observability;

namespace Loom.Tests.Support;

/// <summary>Keeps every use-case event it receives.</summary>
public sealed class RecordingEventSink : IUseCaseEventSink
{
    private readonly ConcurrentQueue<UseCaseEvent> _events = new();

    public IReadOnlyList<UseCaseEvent> Events => _events.ToArray();

    public void OnEvent(UseCaseEvent useCaseEvent) => _events.Enqueue(useCaseEvent);
}
