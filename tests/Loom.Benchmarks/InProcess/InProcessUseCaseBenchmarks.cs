using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Loom.Entities;
using Loom.Hosting;
using Loom.Samples.Ledger;
using Loom.UseCases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;

namespace Loom.Benchmarks.InProcess;

/// <summary>
/// One transfer from a JSON payload over the same in-memory accounts: parse, load both accounts,
/// run three rules, write both. Hand-written code is the baseline; Loom runs its compiled plan on the
/// UTF-8 payload as its grain receives it; Wolverine invokes a handler through its in-process bus.
/// </summary>
[MemoryDiagnoser]
public class InProcessUseCaseBenchmarks
{
    private readonly AccountStore _store = new();
    /// <summary>Transfers alternate direction so balances stay put; every variant gets UTF-8 JSON, as the grain does.</summary>
    private readonly byte[][] _payloads =
    [
        """{"fromAccountId":"a","toAccountId":"b","amount":1}"""u8.ToArray(),
        """{"fromAccountId":"b","toAccountId":"a","amount":1}"""u8.ToArray(),
    ];

    private int _next;
    private HandWrittenTransfer _handWritten = null!;
    private ServiceProvider _loom = null!;
    private UseCaseExecutor _executor = null!;
    private ExecutionPlan _plan = null!;
    private IHost _wolverine = null!;
    private IMessageBus _bus = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store.Accounts["a"] = new Account("a", "Ann", 1_000_000);
        _store.Accounts["b"] = new Account("b", "Bob", 1_000_000);
        _handWritten = new HandWrittenTransfer(_store);

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(_store)
            .AddSingleton<IRepository<Account>, StoreRepository>()
            .AddSingleton<IUnitOfWork, NoTransaction>()
            .AddLoomUseCaseEngine()
            .AddUseCase<LedgerTransfer>();
        _loom = services.BuildServiceProvider();
        _executor = _loom.GetRequiredService<UseCaseExecutor>();
        _plan = _loom.GetRequiredService<UseCaseCatalog>().Get(nameof(LedgerTransfer));

        _wolverine = Host.CreateDefaultBuilder()
            .UseWolverine(options =>
            {
                options.Discovery.DisableConventionalDiscovery().IncludeType(typeof(WolverineTransferHandler));
                options.Services.AddSingleton(_store);
                options.UseRuntimeCompilation();
            })
            .Build();
        await _wolverine.StartAsync();
        _bus = _wolverine.Services.GetRequiredService<IMessageBus>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _wolverine.StopAsync();
        _wolverine.Dispose();
        await _loom.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "hand-written")]
    public Task<TransferResult> HandWritten() => _handWritten.ExecuteAsync(NextPayload());

    [Benchmark(Description = "Loom executor")]
    public ValueTask<object?> LoomExecutor() => _executor.ExecuteAsync(_plan, new UseCaseArguments(Payload: NextPayload()));

    [Benchmark(Description = "Wolverine handler")]
    public Task<TransferResult> Wolverine() =>
        _bus.InvokeAsync<TransferResult>(JsonSerializer.Deserialize<TransferCommand>(NextPayload(), LoomJson.Options)!);

    private byte[] NextPayload() => _payloads[_next++ & 1];
}
