using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;

namespace Loom.UseCases;

/// <summary>The <c>[Input]</c> parameter: the command built from the caller's JSON payload.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Slot">Its position among <c>Execute</c>'s arguments.</param>
/// <param name="CommandType">The command's type.</param>
/// <param name="TypeInfo">How to read the command from JSON, prepared once.</param>
/// <param name="PropertyByJsonName">The command property behind each JSON name, case-insensitively.</param>
public sealed record InputBinding(
    string Name,
    int Slot,
    Type CommandType,
    JsonTypeInfo TypeInfo,
    FrozenDictionary<string, string> PropertyByJsonName);
