namespace Loom.Tests.Support;

/// <summary>Every repository read, in the order it happened, as "Entity:field=value".</summary>
public sealed class AccessLog
{
    private readonly List<string> _reads = [];

    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_reads)
            {
                return _reads.ToArray();
            }
        }
    }

    public void Read(string entry)
    {
        lock (_reads)
        {
            _reads.Add(entry);
        }
    }
}
