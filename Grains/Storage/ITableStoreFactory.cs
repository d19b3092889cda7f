namespace Loom.Storage;

/// <summary>Opens tables of one storage account (or one embedded file), creating them when missing.</summary>
public interface ITableStoreFactory
{
    /// <summary>Opens the table, creating it first if it does not exist.</summary>
    /// <exception cref="Errors.TableLimitExceeded">The name is not a valid Azure table name.</exception>
    ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default);
}
