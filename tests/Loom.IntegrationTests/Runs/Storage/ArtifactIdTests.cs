using Loom.Errors;
using Loom.Runs.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class ArtifactIdTests
{
    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    public void A_malformed_id_is_refused(string value)
    {
        var refused = Assert.Throws<MalformedArtifactId>(() => ArtifactId.Parse(value));

        Assert.Equal("artifact_id_malformed", refused.Code);
        Assert.Equal(value, refused.Value);
        Assert.False(ArtifactId.TryParse(value, out _));
    }

    [Fact]
    public void A_well_formed_id_parses_to_the_id_of_its_content()
    {
        Assert.Equal(ArtifactId.Of([]), ArtifactId.Parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
}
