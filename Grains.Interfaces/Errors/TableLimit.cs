namespace Loom.Errors;

/// <summary>Which of Azure Table Storage's limits a write or a key broke.</summary>
public enum TableLimit
{
    /// <summary>A table name must be 3 to 63 letters and digits and begin with a letter.</summary>
    TableName,

    /// <summary>A key holds a character Azure refuses: / \ # ? or a control character.</summary>
    KeyCharacters,

    /// <summary>A key is longer than 512 characters (1 KiB).</summary>
    KeyLength,

    /// <summary>A property name is empty, too long, reserved or not an identifier.</summary>
    PropertyName,

    /// <summary>A property value is null or of a type tables cannot store.</summary>
    PropertyType,

    /// <summary>A property value is larger than 64 KiB.</summary>
    PropertySize,

    /// <summary>An entity has more than 252 properties of its own (255 with the system properties).</summary>
    PropertyCount,

    /// <summary>An entity is larger than 1 MiB.</summary>
    EntitySize,

    /// <summary>A batch is empty or holds more than 100 operations.</summary>
    BatchSize,

    /// <summary>A batch's rows together exceed the 4 MiB a batch request may carry.</summary>
    BatchBytes,

    /// <summary>A batch spans more than one partition.</summary>
    BatchPartition,

    /// <summary>A batch touches the same row twice.</summary>
    BatchDuplicateRow,

    /// <summary>A query's page size is outside 1 to 1,000.</summary>
    PageSize,
}
