using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace PortWatch.Security;

/// <summary>bcrypt hashes as <c>htpasswd -B</c> writes them: checked when a file is read, and a dummy of each cost for unknown users.</summary>
internal static class BcryptHashes
{
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly ConcurrentDictionary<int, string> Dummies = new();

    /// <summary>What is wrong with <paramref name="hash"/>, or null when it is a bcrypt hash BCrypt.Net can check.</summary>
    public static string? Problem(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        const string Example = "a bcrypt hash such as htpasswd -nBC 10 \"\" | tr -d ':\\n' prints, $2y$10$ then 53 characters";
        // $2a$, $2b$, $2x$ or $2y$, two digits of cost, $, then 22 characters of salt and 31 of hash.
        if (hash.Length != 60 || hash[0] != '$' || hash[1] != '2' || hash[2] is not ('a' or 'b' or 'x' or 'y') || hash[3] != '$' || hash[6] != '$'
            || !char.IsAsciiDigit(hash[4]) || !char.IsAsciiDigit(hash[5]) || hash.AsSpan(7).ContainsAnyExcept(Alphabet))
        {
            return $"is not {Example}";
        }

        var cost = Cost(hash);
        return cost is < 4 or > 31 ? $"has cost {cost.ToString(CultureInfo.InvariantCulture)}; bcrypt's cost is 4 to 31" : null;
    }

    /// <summary>The cost (log2 of the rounds) of a hash that <see cref="Problem"/> accepted.</summary>
    public static int Cost(string hash) => int.Parse(hash.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A hash of a random password at <paramref name="cost"/>: checking a password against it costs what checking a real user's does.</summary>
    public static string Dummy(int cost) =>
        Dummies.GetOrAdd(cost, c => BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), c));
}
