using Microsoft.Extensions.Options;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>Refuses <see cref="SqliteStorageOptions"/> that cannot work, naming the setting at fault.</summary>
public sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{SqliteStorageOptions.Section}:{nameof(options.Path)} is empty; name the database file, for example .loom/loom.db.");
        }
        else if (options.Path.Trim() == ":memory:" || options.Path.Contains('\0', StringComparison.Ordinal))
        {
            // ":memory:" would give every connection its own private database, so readers would never see a write.
            failures.Add($"{SqliteStorageOptions.Section}:{nameof(options.Path)} '{options.Path}' is not a file path; the SQLite store needs a file (use the in-memory store for tests).");
        }

        if (!Enum.IsDefined(options.Durability))
        {
            failures.Add($"{SqliteStorageOptions.Section}:{nameof(options.Durability)} is {(int)options.Durability}; use {string.Join(" or ", Enum.GetNames<SqliteDurability>())}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
