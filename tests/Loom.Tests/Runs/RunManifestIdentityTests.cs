using Loom.Errors;
using Loom.Runs;

namespace Loom.Tests.Runs;

public sealed class RunManifestIdentityTests
{
    private static readonly RunManifest Manifest = new("statements", RunConfig.Default, """{"month":"2026-11","accounts":["a","b"]}""");

    private static StartRunRequest Request(RunManifest manifest) => new(RunManifestIdentity.IdOf(manifest), manifest.OperationId, manifest.Config, manifest);

    [Fact]
    public void The_id_is_the_sha256_of_the_canonical_json_and_ignores_how_inputs_were_written()
    {
        var rewritten = Manifest with { InputsJson = """ { "accounts" : [ "a", "b" ], "month" : "2026-11" } """ };

        Assert.Matches("^[0-9a-f]{64}$", RunManifestIdentity.IdOf(Manifest));
        Assert.Equal(RunManifestIdentity.IdOf(Manifest), RunManifestIdentity.IdOf(rewritten));
        Assert.Equal(CanonicalJson.Sha256(RunManifestIdentity.CanonicalBytes(Manifest)), RunManifestIdentity.IdOf(Manifest));
    }

    [Fact]
    public void Any_change_to_the_manifest_changes_its_id()
    {
        var ids = new[]
        {
            Manifest,
            Manifest with { OperationId = "statements2" },
            Manifest with { InputsJson = """{"month":"2026-12","accounts":["a","b"]}""" },
            Manifest with { Config = Manifest.Config with { Mode = ExecutionMode.FanOutJoin } },
            Manifest with { Config = Manifest.Config with { MaxConcurrency = 4 } },
            Manifest with { Config = Manifest.Config with { Retry = Manifest.Config.Retry with { MaxAttempts = 4 } } },
            Manifest with { Config = Manifest.Config with { Retry = Manifest.Config.Retry with { Backoff = BackoffKind.Fixed } } },
            Manifest with { Config = Manifest.Config with { Retry = Manifest.Config.Retry with { BaseDelay = TimeSpan.FromSeconds(2) } } },
            Manifest with { Config = Manifest.Config with { Retry = Manifest.Config.Retry with { MaxDelay = TimeSpan.FromMinutes(2) } } },
        }.Select(RunManifestIdentity.IdOf).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_request_that_agrees_with_its_manifest_yields_the_bytes_its_id_hashes()
    {
        var bytes = RunManifestIdentity.Verify(Request(Manifest));

        Assert.Equal(RunManifestIdentity.IdOf(Manifest), CanonicalJson.Sha256(bytes));
    }

    [Fact]
    public void Each_disagreement_between_request_and_manifest_has_its_own_code()
    {
        var good = Request(Manifest);

        var id = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.Verify(good with { ManifestId = new string('0', 64) }));
        var operation = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.Verify(good with { OperationId = "other" }));
        var config = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.Verify(good with { Config = good.Config with { MaxConcurrency = 2 } }));

        Assert.Equal(("manifest_id_mismatch", "manifestId"), (id.Code, id.Path));
        Assert.Equal(("manifest_op_id_mismatch", "operationId"), (operation.Code, operation.Path));
        Assert.Equal(("run_config_mismatch", "config"), (config.Code, config.Path));
    }

    [Fact]
    public void Floats_and_secrets_in_the_inputs_are_refused_with_their_path()
    {
        var floating = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.IdOf(Manifest with { InputsJson = """{"rate":0.5}""" }));
        var secret = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.IdOf(Manifest with { InputsJson = """{"smtp":{"password":"x"}}""" }));

        Assert.Equal(("manifest_not_canonical", "$.inputs.rate"), (floating.Code, floating.Path));
        Assert.Equal(("secrets_detected", "$.inputs.smtp.password"), (secret.Code, secret.Path));
    }

    [Theory]
    [InlineData(0, 1, 1000, 1000, "$.config.retry.maxAttempts")]
    [InlineData(3, 0, 1000, 1000, "$.config.maxConcurrency")]
    [InlineData(3, 1, 5000, 1000, "$.config.retry.baseDelayMs")]
    [InlineData(3, 1, -1, 1000, "$.config.retry")]
    [InlineData(3, 1, 1000, 604_800_001, "$.config.retry")]
    public void A_run_config_that_cannot_work_is_refused_naming_the_field(int attempts, int concurrency, int baseMs, int maxMs, string path)
    {
        var config = new RunConfig(ExecutionMode.Sequential, new RetryPolicy(attempts, BackoffKind.Exponential, TimeSpan.FromMilliseconds(baseMs), TimeSpan.FromMilliseconds(maxMs)), concurrency);

        var error = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.IdOf(Manifest with { Config = config }));

        Assert.Equal(("invalid_run_config", path), (error.Code, error.Path));
    }

    [Fact]
    public void Sub_millisecond_delays_are_refused_because_the_id_would_not_see_them()
    {
        var config = RunConfig.Default with { Retry = RetryPolicy.Default with { BaseDelay = TimeSpan.FromTicks(15_000) } };

        var error = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.IdOf(Manifest with { Config = config }));

        Assert.Equal("invalid_run_config", error.Code);
    }

    [Fact]
    public void A_stored_manifest_reads_back_as_the_manifest_with_the_same_id()
    {
        var manifest = Manifest with { Config = new RunConfig(ExecutionMode.FanOutJoin, new RetryPolicy(5, BackoffKind.Fixed, TimeSpan.FromMilliseconds(250), TimeSpan.Zero), 4) };

        var read = RunManifestIdentity.Read(RunManifestIdentity.CanonicalBytes(manifest));

        Assert.Equal((manifest.OperationId, manifest.Config), (read.OperationId, read.Config));
        Assert.Equal(RunManifestIdentity.IdOf(manifest), RunManifestIdentity.IdOf(read));
    }

    [Fact]
    public void Bytes_that_are_not_a_stored_manifest_are_refused()
    {
        var error = Assert.Throws<InvalidRunManifest>(() => RunManifestIdentity.Read("""{"operationId":"x"}"""u8));

        Assert.Equal("manifest_not_canonical", error.Code);
    }

    [Fact]
    public void The_start_request_made_from_a_manifest_agrees_with_it()
    {
        var request = RunManifestIdentity.StartRequest(Manifest);

        Assert.Equal((RunManifestIdentity.IdOf(Manifest), Manifest.OperationId, Manifest.Config), (request.ManifestId, request.OperationId, request.Config));
        Assert.Equal(RunManifestIdentity.CanonicalBytes(Manifest), RunManifestIdentity.Verify(request));
    }
}
