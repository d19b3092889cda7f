using Loom.Errors;
using Loom.Storage;

namespace Loom.Tests.Storage;

public sealed class TableKeyEncodingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("plain-key.1", "plain-key.1")]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("a_b", "a_b")]
    [InlineData("100%", "100~25")]
    [InlineData("it's", "it~27s")]
    [InlineData("~home", "~7Ehome")]
    [InlineData("x|y", "x~7Cy")]
    [InlineData("tab\there", "tab~09here")]
    [InlineData("next\u0085line", "next~85line")]
    public void Encodes_only_what_keys_cannot_hold(string value, string encoded)
    {
        Assert.Equal(encoded, TableKeyEncoding.Encode(value));
        Assert.Equal(value, TableKeyEncoding.Decode(encoded));
    }

    [Fact]
    public void Random_strings_round_trip_and_encode_to_legal_keys()
    {
        var random = new Random(11);
        string[] alphabet = ["a", "b", "/", "\\", "#", "?", "%", "'", "~", "|", "_", " ", "\t", "\u0001", "\u007f", "\u0085", "ü", "日", "😀"];
        var seen = new Dictionary<string, string>();
        for (var i = 0; i < 5000; i++)
        {
            var value = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var encoded = TableKeyEncoding.Encode(value);

            Assert.Equal(value, TableKeyEncoding.Decode(encoded));
            Assert.DoesNotContain(TableKeyEncoding.Separator, encoded);
            Assert.DoesNotContain('%', encoded);
            TableRules.ValidateKeys("t", encoded, encoded);
            Assert.True(!seen.TryGetValue(encoded, out var other) || other == value, $"'{value}' and '{other}' both encode to '{encoded}'");
            seen[encoded] = value;
        }
    }

    [Fact]
    public void Joined_parts_split_back_even_when_they_hold_the_separator()
    {
        var key = TableKeyEncoding.Join("service|1", "", "grain/a|b");

        Assert.Equal(["service|1", "", "grain/a|b"], TableKeyEncoding.Split(key));
        Assert.NotEqual(TableKeyEncoding.Join("a|b", "c"), TableKeyEncoding.Join("a", "b|c"));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("~4")]
    [InlineData("~zz")]
    [InlineData("~2f")]
    [InlineData("~41")]
    public void Malformed_escapes_are_refused_with_the_key_named(string key)
    {
        var error = Assert.Throws<FormatException>(() => TableKeyEncoding.Decode(key));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_the_rules_refuse_names_the_limit_and_the_character()
    {
        var error = Assert.Throws<TableLimitExceeded>(() => TableRules.ValidateKeys("t", "p", "a#b"));

        Assert.Equal((TableLimit.KeyCharacters, "a#b"), (error.Limit, error.RowKey));
        Assert.Contains("U+0023", error.Detail, StringComparison.Ordinal);
    }
}
