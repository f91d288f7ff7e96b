namespace PortWatch.Nftables;

/// <summary>
/// Whether legacy (x_tables) iptables tables are loaded in this namespace: <c>/proc/net/ip_tables_names</c> and
/// <c>ip6_tables_names</c> list them. Their rules are not nftables rules and libnftables does not show them.
/// </summary>
internal static class LegacyIptables
{
    public static string? Loaded(string procNet = "/proc/net")
    {
        foreach (var file in new[] { "ip_tables_names", "ip6_tables_names" })
        {
            try
            {
                var names = File.ReadAllText(Path.Combine(procNet, file)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (names.Length > 0)
                {
                    return $"{file}: {string.Join(',', names)}";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No x_tables module loaded: the file is not there.
            }
        }

        return null;
    }
}
