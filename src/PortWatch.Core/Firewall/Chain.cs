namespace PortWatch.Firewall;

/// <summary>A chain of a table; a base chain has a hook, a type, a priority and a policy.</summary>
/// <param name="Hook">prerouting, input, ingress, ...; null for a regular chain.</param>
/// <param name="Devices">For an ingress chain, the interfaces it is attached to.</param>
internal sealed record Chain(
    string Family,
    string Table,
    string Name,
    string? Hook,
    string? Type,
    int Priority,
    bool PolicyDrop,
    IReadOnlyList<string> Devices,
    List<IReadOnlyList<Statement>> Rules)
{
    public bool IsNat => Type == "nat";
}
