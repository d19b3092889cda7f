namespace Loom.Observability;

/// <summary>The metrics port: receives every compile and execution event. Register any number of sinks.</summary>
public interface IUseCaseEventSink
{
    /// <summary>Handles one event; must be quick and must not throw.</summary>
    void OnEvent(UseCaseEvent useCaseEvent);
}
