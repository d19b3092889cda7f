using System.Collections.Concurrent;
using System.Globalization;
using Loom.Errors;
using Loom.Storage;

namespace Loom.Runs.Storage;

/// <summary>
/// Content-addressed blobs (manifests, context snapshots) in one table. An artifact is a partition
/// named by its id; its content is cut into chunks of up to <see cref="ChunkBytes"/>, a row each,
/// and each row's bytes are laid across 64 KiB binary properties. Row <c>000</c> is the head: it
/// holds the length, the number of chunks and the first chunk, so an artifact of up to 960 KiB
/// (the common case: a few hundred bytes of JSON) is one row, written and read in one round trip.
/// </summary>
/// <remarks>
/// A larger artifact writes its other chunk rows (<c>001</c> to <c>099</c>) first, then inserts the
/// head: a reader finds an artifact only once its head exists, so it sees all of it or none. The
/// chunks are not written in the head's batch because Azure refuses a batch request over 4 MiB,
/// which four base64-encoded chunks already exceed. A put that fails midway leaves chunk rows
/// without a head; they are invisible, and since chunk rows are a function of the content, the
/// retried put keeps them as they are.
/// </remarks>
public sealed class ArtifactStore
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    /// <summary>The most bytes one row holds: 15 binary properties of 64 KiB, which with the row's keys stay under 1 MiB.</summary>
    public const int ChunkBytes = 15 * TableRules.MaxPropertyBytes;

    /// <summary>The most rows an artifact takes.</summary>
    public const int MaxChunks = 100;

    /// <summary>The largest artifact: 100 chunks of 960 KiB, 98,304,000 bytes (93.75 MiB).</summary>
    public const long MaxArtifactBytes = (long)MaxChunks * ChunkBytes;

    // Two chunk rows (about 2.5 MiB as base64) keep a batch request under Azure's 4 MiB.
    private const int ChunksPerBatch = 2;

    private const string HeadKey = "000";
    private const int MaxKnown = 10_000;
    private const string LengthProperty = "Length";
    private const string ChunksProperty = "Chunks";

    private readonly ITableStore _table;

    /// <summary>Creates the store over an opened table.</summary>
    public ArtifactStore(ITableStore table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <summary>Opens (creating when missing) the artifact table the options name and returns a store over it.</summary>
    public static async ValueTask<ArtifactStore> OpenAsync(ITableStoreFactory factory, RunStorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var table = await factory.OpenAsync((options ?? new RunStorageOptions()).ArtifactTableName, cancellationToken).ConfigureAwait(false);
        return new ArtifactStore(table);
    }

    /// <summary>Stores the content, unless it is stored already, and returns its id.</summary>
    /// <exception cref="ArtifactTooLarge">The content is larger than <see cref="MaxArtifactBytes"/>; nothing was written.</exception>
    public async ValueTask<ArtifactId> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (content.Length > MaxArtifactBytes)
        {
            throw new ArtifactTooLarge(content.Length, MaxArtifactBytes);
        }

        var id = ArtifactId.Of(content.Span);
        if (_known.ContainsKey(id.Value))
        {
            return id;
        }

        var chunks = Math.Max(1, (content.Length + ChunkBytes - 1) / ChunkBytes);
        if (chunks > 1)
        {
            // Rewriting megabytes that are already stored would be the costly way to be idempotent.
            if (await ExistsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return id;
            }

            await PutChunksAsync(id, content, chunks, cancellationToken).ConfigureAwait(false);
        }

        var head = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [LengthProperty] = (long)content.Length,
            [ChunksProperty] = chunks,
        };
        BinaryProperties.Write(head, Chunk(content, 0).Span);
        try
        {
            await _table.InsertAsync(new TableRow(id.Value, HeadKey, head), cancellationToken).ConfigureAwait(false);
        }
        catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.AlreadyExists)
        {
            // The same id is the same content: another put stored it first.
        }

        Remember(id);
        return id;
    }

    // Artifacts are immutable and never deleted, so one known to be stored needs no second write:
    // the empty context every run starts from, or a manifest many runs share, costs one put per silo.
    private void Remember(ArtifactId id)
    {
        if (_known.Count >= MaxKnown)
        {
            _known.Clear();
        }

        _known.TryAdd(id.Value, 0);
    }

    /// <summary>The artifact's content, checked against its id.</summary>
    /// <exception cref="ArtifactNotFound">No artifact has this id.</exception>
    /// <exception cref="ArtifactCorrupt">The stored content is incomplete or does not hash to the id.</exception>
    public async ValueTask<byte[]> GetAsync(ArtifactId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var head = await _table.GetAsync(id.Value, HeadKey, cancellationToken).ConfigureAwait(false) ?? throw Missing(id);
        var length = head.Get<long>(LengthProperty);
        var chunks = head.Get<int>(ChunksProperty);
        if (length is < 0 or > MaxArtifactBytes || chunks is < 1 or > MaxChunks)
        {
            throw new ArtifactCorrupt(id.Value, $"its head row gives a length of {length} in {chunks} chunks");
        }

        var content = new byte[length];
        var written = Copy(id, head, content, 0);
        if (chunks > 1)
        {
            var query = new TableQuery(id.Value, ChunkKey(1), ChunkKey(chunks));
            var expected = 1;
            await foreach (var row in _table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey != ChunkKey(expected))
                {
                    throw new ArtifactCorrupt(id.Value, $"chunk row {ChunkKey(expected)} is missing");
                }

                written = Copy(id, row, content, written);
                expected++;
            }

            if (expected != chunks)
            {
                throw new ArtifactCorrupt(id.Value, $"it has {expected} of its {chunks} chunk rows");
            }
        }

        if (written != length)
        {
            throw new ArtifactCorrupt(id.Value, $"its rows hold {written} bytes; its head row gives {length}");
        }

        if (!id.Matches(content))
        {
            throw new ArtifactCorrupt(id.Value, $"its content hashes to {ArtifactId.Of(content)}");
        }

        return content;
    }

    /// <summary>Whether an artifact with this id is stored: one read of its head row.</summary>
    public async ValueTask<bool> ExistsAsync(ArtifactId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (await _table.GetAsync(id.Value, HeadKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        Missing(id);
        return false;
    }

    // Storage is the truth: an artifact found missing is forgotten, so the next put writes it again.
    private ArtifactNotFound Missing(ArtifactId id)
    {
        _known.TryRemove(id.Value, out _);
        return new ArtifactNotFound(id.Value);
    }

    private async ValueTask PutChunksAsync(ArtifactId id, ReadOnlyMemory<byte> content, int chunks, CancellationToken cancellationToken)
    {
        var batch = new List<TableOperation>(ChunksPerBatch);
        for (var chunk = 1; chunk < chunks; chunk++)
        {
            var properties = new Dictionary<string, object>(StringComparer.Ordinal);
            BinaryProperties.Write(properties, Chunk(content, chunk).Span);

            // Inserts, not upserts: Azurite sizes an upserted entity by its base64 form and refuses
            // a chunk as over 1 MB, while it sizes an inserted one by its bytes, as Azure does.
            batch.Add(TableOperation.Insert(new TableRow(id.Value, ChunkKey(chunk), properties)));
            if (batch.Count == ChunksPerBatch || chunk == chunks - 1)
            {
                await InsertChunksAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = new List<TableOperation>(ChunksPerBatch);
            }
        }
    }

    // A chunk row already there was left by an earlier put of the same content that failed before
    // its head was written: chunk rows are a function of the content, so it holds the same bytes.
    private async ValueTask InsertChunksAsync(List<TableOperation> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _table.ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.AlreadyExists)
        {
            foreach (var operation in batch)
            {
                try
                {
                    await _table.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
                }
                catch (TableConflict single) when (single.Reason == TableConflictReason.AlreadyExists)
                {
                    // Left by the earlier put, as above: the row stays as it is.
                }
            }
        }
    }

    // Copies a row's bytes into the content at an offset, refusing a row that would overrun it.
    private static int Copy(ArtifactId id, TableRow row, byte[] content, int offset)
    {
        var length = BinaryProperties.Length(row) ?? throw new ArtifactCorrupt(id.Value, $"row {row.RowKey} holds a data part that is not binary");
        if (length > content.Length - offset)
        {
            throw new ArtifactCorrupt(id.Value, $"its rows hold more than the {content.Length} bytes its head row gives");
        }

        return offset + BinaryProperties.CopyTo(row, content.AsSpan(offset));
    }

    private static ReadOnlyMemory<byte> Chunk(ReadOnlyMemory<byte> content, int chunk)
    {
        var start = chunk * ChunkBytes;
        return content.Slice(start, Math.Min(ChunkBytes, content.Length - start));
    }

    private static string ChunkKey(int chunk) => chunk.ToString("D3", CultureInfo.InvariantCulture);
}
