using System.Text;
using BenchmarkDotNet.Attributes;
using PortWatch.Security;

namespace PortWatch.Benchmarks;

/// <summary>
/// One basic auth check of <c>--web.config.file</c> at bcrypt cost 10 (exporter-toolkit's example): a right
/// password the cache answers, a right password checked with bcrypt (a new file's empty cache), a wrong password
/// and an unknown user (both always bcrypt). docs/security.md records the figures beside the end-to-end ones of
/// bench/web-config.sh.
/// </summary>
[MemoryDiagnoser]
public class BasicAuthBenchmarks
{
    private static readonly string Right = Header("prometheus", "s3cret");
    private static readonly string Wrong = Header("prometheus", "wrong");
    private static readonly string Unknown = Header("nobody", "s3cret");
    private Dictionary<string, string> users = [];
    private BasicAuthenticator? cached;

    [GlobalSetup]
    public void Setup()
    {
        users = new Dictionary<string, string> { ["prometheus"] = BCrypt.Net.BCrypt.HashPassword("s3cret", 10) };
        cached = new BasicAuthenticator(users);
        cached.CheckAsync(Right, default).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "right password, cached check")]
    public bool CachedSuccess() => cached!.CheckAsync(Right, default).AsTask().GetAwaiter().GetResult().Result == BasicAuthResult.Success;

    [Benchmark(Description = "right password, bcrypt (empty cache)")]
    public bool UncachedSuccess() => new BasicAuthenticator(users).CheckAsync(Right, default).AsTask().GetAwaiter().GetResult().Result == BasicAuthResult.Success;

    [Benchmark(Description = "wrong password (bcrypt)")]
    public bool WrongPassword() => cached!.CheckAsync(Wrong, default).AsTask().GetAwaiter().GetResult().Result == BasicAuthResult.Success;

    [Benchmark(Description = "unknown user (bcrypt on the dummy)")]
    public bool UnknownUser() => cached!.CheckAsync(Unknown, default).AsTask().GetAwaiter().GetResult().Result == BasicAuthResult.Success;

    private static string Header(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
