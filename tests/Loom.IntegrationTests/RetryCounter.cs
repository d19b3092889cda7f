using System.Collections.Concurrent;
using Loom.Observability;

namespace Loom.IntegrationTests;

/// <summary>Counts transaction retries per use case, with the reasons.</summary>
public sealed class RetryCounter : IUseCaseEventSink
{
    private readonly ConcurrentQueue<UseCaseEvent> _retries = new();

    public IReadOnlyList<UseCaseEvent> Retries => _retries.ToArray();

    public void OnEvent(UseCaseEvent useCaseEvent)
    {
        if (useCaseEvent.Kind == UseCaseEventKind.ExecutionRetried)
        {
            _retries.Enqueue(useCaseEvent);
        }
    }
}
