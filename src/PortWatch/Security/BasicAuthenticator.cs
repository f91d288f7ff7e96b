using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PortWatch.Security;

/// <summary>
/// Checks <c>Authorization: Basic</c> against a file's <c>basic_auth_users</c> (bcrypt hashes). A check that
/// succeeded is remembered, so that a scrape every few seconds does not pay bcrypt's cost (tens of milliseconds at
/// cost 10) each time: the cache holds, for each user, a keyed SHA-256 (HMAC, with a key drawn when the exporter
/// first reads the file) of the user's hash and the password that matched, compared in constant time. It has one
/// entry at most a configured user. A re-read file keeps the key and the entries of users whose hash did not change
/// (a certificate rotation keeps them all). Only successes are kept: a wrong password always pays bcrypt, in the
/// process-wide <see cref="BcryptQueue"/> (one check at a time, a bounded queue, 429 beyond it), so a flood of bad
/// credentials takes one core at most and cached scrapes never wait behind it. An unknown user is checked against a
/// dummy hash at the cost of a configured user it stands in for, picked by a keyed hash of the name (the same user
/// each time), so that it costs what that user's wrong password does and answers the same: the time of a check
/// tells no unknown name from a known one, whatever the users' costs.
/// </summary>
internal sealed class BasicAuthenticator
{
    private readonly IReadOnlyDictionary<string, string> users;
    private readonly string[] standIns;
    private readonly byte[] key;
    private readonly ConcurrentDictionary<string, byte[]> verified = new(StringComparer.Ordinal);
    private long bcryptChecks;

    /// <param name="users">User to bcrypt hash, as <see cref="WebConfigParser"/> checked them.</param>
    /// <param name="previous">The authenticator of the configuration in force, at a reload: its queue, key and the cache entries of users whose hash is unchanged are kept.</param>
    /// <param name="queue">The queue to use when there is no <paramref name="previous"/>; a new one by default.</param>
    public BasicAuthenticator(IReadOnlyDictionary<string, string> users, BasicAuthenticator? previous = null, BcryptQueue? queue = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        this.users = users;
        Queue = previous?.Queue ?? queue ?? new BcryptQueue();
        key = previous?.key ?? RandomNumberGenerator.GetBytes(32);
        // A dummy of each cost in the file, made now rather than on a request; in the order of the names, so that
        // the user an unknown name stands in for does not depend on the file's order.
        standIns = [.. users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => BcryptHashes.Dummy(BcryptHashes.Cost(u.Value)))];
        foreach (var (user, digest) in previous?.verified ?? [])
        {
            if (users.TryGetValue(user, out var hash) && previous!.users.TryGetValue(user, out var before) && string.Equals(hash, before, StringComparison.Ordinal))
            {
                verified[user] = digest;
            }
        }
    }

    /// <summary>Whether the file names any user; without, requests need no credentials.</summary>
    public bool Enabled => users.Count > 0;

    /// <summary>Where the bcrypt checks of every version of the file wait.</summary>
    public BcryptQueue Queue { get; }

    /// <summary>Checks with bcrypt so far (not counting those the cache answered or the queue refused), for tests and benchmarks.</summary>
    public long BcryptChecks => Interlocked.Read(ref bcryptChecks);

    /// <summary>The number of users whose last good password is cached.</summary>
    public int Cached => verified.Count;

    /// <summary>The hash a password for <paramref name="user"/> is checked against: the user's own, or the dummy that stands in for an unknown user.</summary>
    internal string HashFor(string user)
    {
        if (users.TryGetValue(user, out var hash) || standIns.Length == 0)
        {
            return hash ?? "";
        }

        var pick = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("stand-in\0" + user));
        return standIns[(int)(BinaryPrimitives.ReadUInt32LittleEndian(pick) % (uint)standIns.Length)];
    }

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

        if (await Queue.VerifyAsync(password, hash, cancellationToken).ConfigureAwait(false) is not { } matches)
        {
            return (BasicAuthResult.Throttled, user);
        }

        Interlocked.Increment(ref bcryptChecks);
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
