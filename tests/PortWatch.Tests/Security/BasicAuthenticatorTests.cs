using System.Text;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>Basic auth against hashes made by htpasswd -B: what is accepted, what is cached, what always pays bcrypt.</summary>
public sealed class BasicAuthenticatorTests
{
    private static readonly string PrometheusHash = Htpasswd.Hash("s3cret:with colon", cost: 6);
    private static readonly string GrafanaHash = Htpasswd.Hash("other", cost: 4);

    [Fact]
    public async Task CheckAsync_RightPassword_SucceedsAndIsThenAnsweredFromTheCache()
    {
        var auth = Authenticator();

        (await auth.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken)).ShouldBe((BasicAuthResult.Success, "prometheus"));
        (await auth.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        (await auth.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);

        auth.BcryptChecks.ShouldBe(1);
        auth.Cached.ShouldBe(1);
    }

    [Fact]
    public async Task CheckAsync_WrongPassword_IsRejectedAndPaysBcryptEachTime()
    {
        var auth = Authenticator();
        await auth.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken);

        (await auth.CheckAsync(Basic("prometheus", "s3cret"), TestContext.Current.CancellationToken)).ShouldBe((BasicAuthResult.Rejected, "prometheus"));
        (await auth.CheckAsync(Basic("prometheus", "s3cret"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Rejected);
        (await auth.CheckAsync(Basic("grafana", "s3cret:with colon"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Rejected);

        auth.BcryptChecks.ShouldBe(4);
        auth.Cached.ShouldBe(1);
        (await auth.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        auth.BcryptChecks.ShouldBe(4);
    }

    [Fact]
    public async Task CheckAsync_UnknownUser_IsRejectedAfterABcryptCheckAgainstADummy()
    {
        var auth = Authenticator();

        (await auth.CheckAsync(Basic("root", "s3cret:with colon"), TestContext.Current.CancellationToken)).ShouldBe((BasicAuthResult.Rejected, "root"));
        (await auth.CheckAsync(Basic("root", "s3cret:with colon"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Rejected);

        auth.BcryptChecks.ShouldBe(2);
        auth.Cached.ShouldBe(0);
        BcryptHashes.Cost(BcryptHashes.Dummy(6)).ShouldBe(6);
        BcryptHashes.Problem(BcryptHashes.Dummy(6)).ShouldBeNull();
    }

    [Fact]
    public async Task CheckAsync_ANewFile_StartsWithAnEmptyCache()
    {
        var first = Authenticator();
        await first.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken);

        var second = Authenticator();
        await second.CheckAsync(Basic("prometheus", "s3cret:with colon"), TestContext.Current.CancellationToken);

        second.BcryptChecks.ShouldBe(1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic !!!")]
    [InlineData("Basic cHJvbWV0aGV1cw==")] // "prometheus", no colon
    [InlineData("Digest username=\"prometheus\"")]
    public async Task CheckAsync_NoUsableCredentials_IsMissing(string? header)
    {
        var auth = Authenticator();

        (await auth.CheckAsync(header, TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Missing);
        auth.BcryptChecks.ShouldBe(0);
    }

    [Theory]
    [InlineData("basic ", "a:b", "a", "b")]
    [InlineData("BASIC ", "a:", "a", "")]
    [InlineData("Basic ", ":b", "", "b")]
    [InlineData("Basic ", "a:b:c", "a", "b:c")]
    [InlineData("Basic ", "ünï:cødé", "ünï", "cødé")]
    public void TryParse_SplitsAtTheFirstColon(string scheme, string credentials, string user, string password)
    {
        BasicAuthenticator.TryParse(scheme + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)), out var u, out var p).ShouldBeTrue();

        u.ShouldBe(user);
        p.ShouldBe(password);
    }

    [Fact]
    public void HashFor_UnknownUsers_StandInForConfiguredUsersOfEachCostSoThatTimeTellsNoUnknownName()
    {
        // Two users of different costs: were every unknown name checked at one cost, a wrong password for the user
        // of the other cost would answer in a different time, and prove that the name exists.
        var auth = new BasicAuthenticator(new Dictionary<string, string> { ["prometheus"] = PrometheusHash, ["grafana"] = GrafanaHash });
        var names = Enumerable.Range(0, 64).Select(i => $"intruder-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToList();

        var costs = names.Select(n => BcryptHashes.Cost(auth.HashFor(n))).ToList();

        costs.Distinct().Order().ShouldBe([4, 6]);
        names.Select(n => BcryptHashes.Cost(auth.HashFor(n))).ShouldBe(costs, "an unknown name keeps the cost it stands in at");
        auth.HashFor("prometheus").ShouldBe(PrometheusHash);
        auth.HashFor("grafana").ShouldBe(GrafanaHash);
    }

    [Fact]
    public void Enabled_WithoutUsers_IsFalse()
    {
        new BasicAuthenticator(new Dictionary<string, string>()).Enabled.ShouldBeFalse();
    }

    private static BasicAuthenticator Authenticator() =>
        new(new Dictionary<string, string> { ["prometheus"] = PrometheusHash, ["grafana"] = GrafanaHash });

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
