using System.Text;
using Loom.Errors;
using Loom.Runs;

namespace Loom.Tests.Runs;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json));

    [Fact]
    public void Keys_are_sorted_by_ordinal_at_every_depth_and_whitespace_goes()
    {
        Assert.Equal(
            """{"B":[3,{"a":1,"b":null}],"a":"x","é":true}""",
            Canonical(""" { "é": true, "a" : "x", "B": [ 3, { "b": null, "a": 1 } ] } """));
    }

    [Fact]
    public void The_same_value_written_two_ways_has_one_form()
    {
        Assert.Equal(Canonical("""{"n":-0,"s":"caf\u00e9","big":123456789012345678901234567890}"""), Canonical("""{"big":123456789012345678901234567890,"s":"café","n":0}"""));
    }

    [Theory]
    [InlineData("""{"amount":1.5}""", "$.amount")]
    [InlineData("""{"a":[1,2,{"rate":1e3}]}""", "$.a[2].rate")]
    [InlineData("""{"x":1.0}""", "$.x")]
    [InlineData("""2E-1""", "$")]
    public void Floats_are_refused_with_their_path(string json, string path)
    {
        var error = Assert.Throws<InvalidRunManifest>(() => CanonicalJson.Canonicalize(json));

        Assert.Equal(("manifest_not_canonical", path), (error.Code, error.Path));
    }

    [Fact]
    public void A_duplicate_key_is_refused()
    {
        var error = Assert.Throws<InvalidRunManifest>(() => CanonicalJson.Canonicalize("""{"a":{"k":1,"k":2}}"""));

        Assert.Equal(("manifest_not_canonical", "$.a.k"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("""{"password":"hunter2"}""", "$.password")]
    [InlineData("""{"db":{"ConnectionString":"Server=x"}}""", "$.db.ConnectionString")]
    [InlineData("""{"items":[{"api_key":"k"}]}""", "$.items[0].api_key")]
    [InlineData("""{"clientSecret":{"v":1}}""", "$.clientSecret")]
    [InlineData("""{"AccessToken":"t"}""", "$.AccessToken")]
    [InlineData("""{"x-api-key":"t"}""", "$.x-api-key")]
    [InlineData("""{"pwd":"p"}""", "$.pwd")]
    [InlineData("""{"storage":{"accessKey":"a"}}""", "$.storage.accessKey")]
    public void Values_under_secret_looking_keys_are_refused_with_their_path(string json, string path)
    {
        var error = Assert.Throws<InvalidRunManifest>(() => CanonicalJson.Canonicalize(json));

        Assert.Equal(("secrets_detected", path), (error.Code, error.Path));
    }

    [Fact]
    public void A_secret_looking_key_with_a_null_value_holds_no_secret()
    {
        Assert.Equal("""{"password":null,"user":"ann"}""", Canonical("""{"user":"ann","password":null}"""));
    }

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        var error = Assert.Throws<InvalidRunManifest>(() => CanonicalJson.Canonicalize("{not json"));

        Assert.Equal("manifest_not_canonical", error.Code);
    }
}
