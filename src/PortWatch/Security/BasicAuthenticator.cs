using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PortWatch.Security;

/// <summary>
/// Checks <c>Authorization: Basic</c> against a file's <c>basic_auth_users</c> (bcrypt hashes). A check that
/// succeeded is remembered, so that a scrape every few seconds does not pay bcrypt's cost (tens of milliseconds at
/// cost 10) each time: the cache holds, for each user, a keyed SHA-256 (HMAC, with a key drawn when the file is
/// read) of the user's hash and the password that matched, compared in constant time. It has one entry at most a
/// configured user, and a new file brings a new, empty cache. Only successes are kept: a wrong password always
/// pays bcrypt. An unknown user is checked against a dummy hash of the highest cost in the file, so that it costs
/// what a known user's wrong password does and answers the same. bcrypt runs one check at a time, so a flood of
/// bad credentials takes one core at most, and cached scrapes never wait behind it.
/// </summary>
internal sealed class BasicAuthenticator
{
    private readonly IReadOnlyDictionary<string, string> users;
    private readonly string dummy;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> verified = new(StringComparer.Ordinal);
    /// <summary>One bcrypt check at a time in the process, whichever file version asks.</summary>
    private static readonly SemaphoreSlim Bcrypt = new(1, 1);

    /// <param name="users">User to bcrypt hash, as <see cref="WebConfigParser"/> checked them.</param>
    public BasicAuthenticator(IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        this.users = users;
        dummy = users.Count == 0 ? "" : BcryptHashes.Dummy(users.Values.Max(BcryptHashes.Cost));
    }

    /// <summary>Whether the file names any user; without, requests need no credentials.</summary>
    public bool Enabled => users.Count > 0;

    /// <summary>Checks with bcrypt so far (not counting those the cache answered), for tests and benchmarks.</summary>
    public long BcryptChecks { get; private set; }

    /// <summary>The number of users whose last good password is cached.</summary>
    public int Cached => verified.Count;

    /// <summary>The hash a password for <paramref name="user"/> is checked against: the user's own, or the dummy that stands in for an unknown user.</summary>
    internal string HashFor(string user) => users.TryGetValue(user, out var hash) ? hash : dummy;

    public async ValueTask<(BasicAuthResult Result, string User)> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (!TryParse(authorization, out var user, out var password))
        {
            return (BasicAuthResult.Missing, "");
        }

        var known = users.ContainsKey(user);
        var hash = HashFor(user);
        var digest = Digest(hash, password);
        if (verified.TryGetValue(user, out var cached) && CryptographicOperations.FixedTimeEquals(cached, digest))
        {
            return (BasicAuthResult.Success, user);
        }

        bool matches;
        await Bcrypt.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BcryptChecks++;
            matches = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        finally
        {
            Bcrypt.Release();
        }

        if (known && matches)
        {
            verified[user] = digest;
            return (BasicAuthResult.Success, user);
        }

        return (BasicAuthResult.Rejected, user);
    }

    /// <summary>Reads <c>Basic base64(user:password)</c>, as Go's <c>Request.BasicAuth</c> does.</summary>
    internal static bool TryParse(string? authorization, out string user, out string password)
    {
        user = password = "";
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = authorization.AsSpan(Scheme.Length).Trim();
        var bytes = new byte[(encoded.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }

    private byte[] Digest(string hash, string password)
    {
        var data = Encoding.UTF8.GetBytes($"{hash}\0{password}");
        try
        {
            return HMACSHA256.HashData(key, data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }
}
