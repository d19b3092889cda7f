namespace Loom.IntegrationTests;

/// <summary>
/// Waits for what happens in the background (jobs, membership, reminders, runs): polls a condition
/// until it holds, and fails the test, with an explanation when one is given, once the time is up.
/// </summary>
public static class Poll
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan interval, Func<Task<string>>? explain = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, interval, explain);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<Task<string>>? explain = null)
    {
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(interval))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail($"the condition did not hold within {timeout.TotalSeconds:0} s" + (explain is null ? "" : ": " + await explain()));
    }
}
