using System.Net;
using Loom.UseCases;
using Orleans.Runtime;

namespace Loom.Tests.UseCases;

public sealed class ExecutorLaneTests
{
    private static readonly SiloAddress First = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 30001), 1);
    private static readonly SiloAddress Second = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 30002), 1);

    // Only keeps a broken lane from hanging the test run; nothing here is timed.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Calls_sent_through_a_gateway_that_is_lost_fail_at_once_naming_it_and_later_calls_do_not()
    {
        var executor = new ScriptedExecutor(First);
        var lane = new ExecutorLane(executor, watched: true);
        await lane.LearnAsync();
        var inFlight = lane.ExecuteAsync(new UseCaseRequest("Transfer", null, null));

        executor.RunsOn = Second;
        await lane.CheckAsync();
        var later = lane.ExecuteAsync(new UseCaseRequest("Transfer", null, null));

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => inFlight.WaitAsync(Guard));
        Assert.Contains(First.ToString(), error.Message);
        Assert.False(later.IsCompleted);
        executor.Answer("[]"u8.ToArray());
        Assert.Equal("[]"u8.ToArray(), await later);
    }

    [Fact]
    public async Task Calls_whose_gateway_stayed_are_kept_and_fail_once_a_later_loss_takes_it()
    {
        var executor = new ScriptedExecutor(First);
        var lane = new ExecutorLane(executor, watched: true);
        await lane.LearnAsync();
        var inFlight = lane.ExecuteAsync(new UseCaseRequest("Transfer", null, null));

        await lane.CheckAsync();
        Assert.False(inFlight.IsCompleted);

        executor.RunsOn = null;
        await lane.CheckAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => inFlight.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_check_whose_first_question_goes_unanswered_asks_again_and_fails_the_calls_of_the_lost_gateway()
    {
        var executor = new ScriptedExecutor(First);
        var lane = new ExecutorLane(executor, watched: true, locateTimeout: TimeSpan.FromMilliseconds(50));
        await lane.LearnAsync();
        var inFlight = lane.ExecuteAsync(new UseCaseRequest("Transfer", null, null));

        // The first question after the loss still goes to the lost gateway, which never answers it.
        executor.UnansweredLocates = 1;
        executor.RunsOn = Second;
        await lane.CheckAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => inFlight.WaitAsync(Guard));
        Assert.Contains(First.ToString(), error.Message);
        Assert.Equal(3, executor.Locates); // learning, then the unanswered question and the one asked again
    }

    [Fact]
    public async Task A_lane_that_never_learned_its_gateway_fails_nothing()
    {
        var executor = new ScriptedExecutor(First);
        var lane = new ExecutorLane(executor, watched: true);
        executor.RunsOn = null;
        var inFlight = lane.ExecuteAsync(new UseCaseRequest("Transfer", null, null));

        executor.RunsOn = Second;
        await lane.CheckAsync();

        Assert.False(inFlight.IsCompleted);
        executor.Answer("1"u8.ToArray());
        Assert.Equal("1"u8.ToArray(), await inFlight);
    }

    /// <summary>An executor whose calls wait for <see cref="Answer"/>, and which answers where it runs, or refuses when nowhere.</summary>
    private sealed class ScriptedExecutor(SiloAddress? runsOn) : IUseCaseExecutorGrain
    {
        private readonly TaskCompletionSource<byte[]> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SiloAddress? RunsOn { get; set; } = runsOn;

        /// <summary>How many of the next questions go unanswered, as by a gateway that died.</summary>
        public int UnansweredLocates { get; set; }

        public int Locates { get; private set; }

        public void Answer(byte[] result) => _answer.SetResult(result);

        public Task<byte[]> ExecuteAsync(UseCaseRequest request) => _answer.Task;

        public Task<SiloAddress> LocateAsync()
        {
            Locates++;
            if (UnansweredLocates > 0)
            {
                UnansweredLocates--;
                return new TaskCompletionSource<SiloAddress>().Task;
            }

            return RunsOn is { } silo ? Task.FromResult(silo) : Task.FromException<SiloAddress>(new SiloUnavailableException("no gateway"));
        }

        public Task<IReadOnlyList<UseCaseDescription>> DescribeAsync() => throw new NotSupportedException();
    }
}
