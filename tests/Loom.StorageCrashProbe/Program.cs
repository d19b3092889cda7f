// Writes to a SQLite store until it is killed, printing each row key only once its write was
// acknowledged, so whoever kills it knows exactly which writes the store promised to keep.
// Usage: Loom.StorageCrashProbe <database path> <Normal|Full> <writers> <seconds>
// It stops by itself after the given seconds, so a probe whose test died does not write forever.
using System.Globalization;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: Loom.StorageCrashProbe <database path> <Normal|Full> <writers> <seconds>");
    return 2;
}

var options = new SqliteStorageOptions { Path = args[0], Durability = Enum.Parse<SqliteDurability>(args[1]) };
var writers = int.Parse(args[2], CultureInfo.InvariantCulture);
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
var payload = new byte[200];

await using var factory = new SqliteTableStoreFactory(Options.Create(options), NullLogger<SqliteTableStoreFactory>.Instance);
var table = await factory.OpenAsync("crash");
await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var n = 0; !deadline.IsCancellationRequested; n++)
    {
        // Fixed width, so a reader can tell a whole key from one cut short by the kill.
        var key = string.Create(CultureInfo.InvariantCulture, $"{writer:D3}-{n:D7}");
        await table.InsertAsync(new TableRow("crash", key, new Dictionary<string, object> { ["Data"] = payload }));
        Console.Out.WriteLine(key);
    }
})));
return 0;
