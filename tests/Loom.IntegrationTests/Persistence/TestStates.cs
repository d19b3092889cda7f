namespace Loom.IntegrationTests.Persistence;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }

    [Id(1)] public string Name { get; set; } = "";

    [Id(2)] public byte[] Payload { get; set; } = [];
}

/// <summary>The next version of <see cref="CounterState"/>: one field added, one dropped.</summary>
[GenerateSerializer]
public sealed class CounterStateV2
{
    [Id(0)] public int Value { get; set; }

    [Id(3)] public List<string> Tags { get; set; } = [];
}
